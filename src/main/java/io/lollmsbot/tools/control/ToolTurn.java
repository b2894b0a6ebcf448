package io.lollmsbot.tools.control;

import io.lollmsbot.llm.control.ToolCall;
import io.lollmsbot.llm.control.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The tools of one chat turn: what is offered to this caller, and the caps on calls (per model response and per
 * turn, from the settings). Calls over a cap are not run: the model is told so, and the refusal is audited.
 * One per turn, used by one thread.
 */
public final class ToolTurn {

    private final ToolRegistry registry;
    private final ToolCaller caller;
    private final int perResponse;
    private final int perTurn;
    private int used;

    public ToolTurn(ToolRegistry registry, ToolCaller caller, int perResponse, int perTurn) {
        this.registry = registry;
        this.caller = caller;
        this.perResponse = perResponse;
        this.perTurn = perTurn;
    }

    public List<ToolDefinition> offered() {
        return used >= perTurn ? List.of() : registry.available(caller);
    }

    /** Runs the calls of one model response, in order; the outcomes are in the same order. */
    public List<ToolOutcome> execute(List<ToolCall> calls) {
        List<ToolOutcome> outcomes = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            if (i >= perResponse) {
                outcomes.add(registry.refuse(
                        caller,
                        call,
                        "Not run: at most " + perResponse + " tool calls are allowed in one response.",
                        "tool-calls-per-response",
                        System.nanoTime()));
            } else if (used >= perTurn) {
                outcomes.add(registry.refuse(
                        caller,
                        call,
                        "Not run: at most " + perTurn + " tool calls are allowed in one turn.",
                        "tool-calls-per-turn",
                        System.nanoTime()));
            } else {
                used++;
                outcomes.add(registry.execute(caller, call));
            }
        }
        return outcomes;
    }
}
