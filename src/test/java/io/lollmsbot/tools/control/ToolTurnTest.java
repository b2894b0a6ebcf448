package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.control.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ToolTurnTest {

    /** Runs nothing: records which calls were run and which were refused with which rule. */
    private static final class RecordingRegistry extends ToolRegistry {

        final List<String> ran = new ArrayList<>();
        final List<String> refusedRules = new ArrayList<>();

        @Override
        public ToolOutcome execute(ToolCaller caller, ToolCall call) {
            ran.add(call.id());
            return new ToolOutcome(call.name(), ToolOutcome.Status.OK, "ran", 0);
        }

        @Override
        ToolOutcome refuse(ToolCaller caller, ToolCall call, String reason, String rule, long started) {
            refusedRules.add(rule);
            return new ToolOutcome(call.name(), ToolOutcome.Status.REFUSED, reason, 0);
        }
    }

    private static final ToolCaller CALLER = new ToolCaller(1, "ann", false);

    @Test
    void callsOverThePerResponseCapAreRefusedInOrder() {
        RecordingRegistry registry = new RecordingRegistry();
        List<ToolOutcome> outcomes = new ToolTurn(registry, CALLER, 2, 10).execute(calls(0, 3));
        assertEquals(List.of("c0", "c1"), registry.ran);
        assertEquals(
                List.of(ToolOutcome.Status.OK, ToolOutcome.Status.OK, ToolOutcome.Status.REFUSED),
                outcomes.stream().map(ToolOutcome::status).toList());
        assertTrue(
                outcomes.get(2).output().contains("at most 2 tool calls are allowed in one response"),
                outcomes.get(2)::output);
        assertEquals(List.of("tool-calls-per-response"), registry.refusedRules);
    }

    @Test
    void theTurnCapCountsAcrossResponsesAndThenNothingIsOffered() {
        RecordingRegistry registry = new RecordingRegistry();
        ToolTurn turn = new ToolTurn(registry, CALLER, 5, 3);
        turn.execute(calls(0, 2));
        List<ToolOutcome> second = turn.execute(calls(2, 4));
        assertEquals(List.of("c0", "c1", "c2"), registry.ran);
        assertEquals(ToolOutcome.Status.REFUSED, second.get(1).status());
        assertEquals(List.of("tool-calls-per-turn"), registry.refusedRules);
        assertEquals(List.of(), turn.offered(), "the model must answer once the turn's calls are used up");
    }

    private static List<ToolCall> calls(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> new ToolCall("c" + i, "calendar", "{}"))
                .toList();
    }
}
