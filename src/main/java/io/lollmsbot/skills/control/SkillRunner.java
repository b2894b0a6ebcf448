package io.lollmsbot.skills.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.guardian.control.ScanResult;
import io.lollmsbot.guardian.control.Verdict;
import io.lollmsbot.llm.control.ChatMessage;
import io.lollmsbot.llm.control.ChatRequest;
import io.lollmsbot.llm.control.LlmException;
import io.lollmsbot.llm.control.LlmGateway;
import io.lollmsbot.llm.control.ToolCall;
import io.lollmsbot.skills.entity.SkillExecution;
import io.lollmsbot.soul.control.Soul;
import io.lollmsbot.tools.control.ToolCaller;
import io.lollmsbot.tools.control.ToolOutcome;
import io.lollmsbot.tools.control.ToolRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a skill for a user, directly or from chat: the skill must be enabled and allowed for the caller's role; inputs
 * are validated against its parameter schema (defaults filled in); tool steps go through the {@link ToolRegistry}
 * exactly like the model's tool calls (Guardian authorisation, the shell toggle, the caller's identity); the prompt
 * is screened and redacted like a chat message before the model sees it. Every run is recorded. Not transactional:
 * a run may wait minutes for the model.
 */
@ApplicationScoped
public class SkillRunner {

    @Inject
    SkillStore store;

    @Inject
    SkillJson json;

    @Inject
    CurrentSkills current;

    @Inject
    ToolRegistry tools;

    @Inject
    LlmGateway llm;

    @Inject
    Guardian guardian;

    @Inject
    Soul soul;

    public enum Via {
        API,
        CHAT;

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Result(UUID executionId, boolean success, String output, String error, List<String> toolsUsed) {}

    /** The enabled skills this caller's role may use. */
    public List<SkillStore.Versioned> usable(ToolCaller caller) {
        return current.get(store::all).stream()
                .filter(v -> v.skill().availableTo(caller))
                .toList();
    }

    private Optional<SkillStore.Versioned> usable(ToolCaller caller, String name) {
        return store.current(name).filter(v -> v.skill().availableTo(caller));
    }

    /**
     * Runs the skill: 404 when the caller may not use it (unknown, disabled, or not for this role, which look alike),
     * 400 with one error per invalid input. A failing step or model call is a result without success, not an error.
     */
    public Result run(ToolCaller caller, String name, JsonObject given, Via via) {
        SkillStore.Versioned skill = usable(caller, name)
                .orElseThrow(() -> new ProblemException(404, "No skill named '" + name + "' is available to you."));
        List<Problem.FieldError> errors = new ArrayList<>();
        JsonObject inputs = json.inputs(skill.skill(), given, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors), Map.of());
        }
        return execute(caller, skill, inputs, via);
    }

    private Result execute(ToolCaller caller, SkillStore.Versioned versioned, JsonObject inputs, Via via) {
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Skill skill = versioned.skill();
        Map<String, JsonValue> values = new HashMap<>(inputs);
        Run run = new Run();
        try {
            String output = null;
            for (int i = 0; i < skill.steps().size() && run.failure == null; i++) {
                output = step(caller, skill.steps().get(i), i + 1, values, run);
            }
            if (run.failure == null && skill.template() != null) {
                output = prompt(skill.template(), values, run);
            }
            run.output = output == null ? null : guardian.screenReply(output).text();
        } catch (LlmException e) {
            run.fail(ToolOutcome.Status.ERROR, "The language model could not answer (" + e.getMessage() + ").");
        }
        UUID id = UUID.randomUUID();
        int durationMs = (int) ((System.nanoTime() - started) / 1_000_000);
        store.record(new SkillExecution(
                id,
                skill.name(),
                versioned.version(),
                caller.userId(),
                via.wireName(),
                AuditChain.sha256(inputs.toString()),
                durationMs,
                run.outcome.wireName(),
                String.join(",", run.used),
                startedAt));
        return new Result(
                id, run.failure == null, run.failure == null ? run.output : null, run.failure, List.copyOf(run.used));
    }

    private String step(ToolCaller caller, Skill.Step step, int number, Map<String, JsonValue> values, Run run) {
        JsonValue arguments = Templates.map(step.arguments(), values);
        ToolOutcome outcome =
                tools.execute(caller, new ToolCall("skill-step-" + number, step.tool(), arguments.toString()));
        run.used.add(step.tool());
        if (outcome.status() != ToolOutcome.Status.OK) {
            run.fail(
                    outcome.status(),
                    "Step " + number + " (" + step.tool() + ") "
                            + outcome.status().wireName() + ": " + outcome.output());
            return null;
        }
        // what a tool returns is data from elsewhere: no secret of it goes on to a prompt or the caller
        String output = guardian.redact(outcome.output()).text();
        values.put(Templates.stepOutput(number), Json.createValue(output));
        return output;
    }

    /**
     * The template is the admin's own text; what fills it (the caller's inputs, the steps' outputs) is what can carry
     * an injection, so each of those is screened, not the template's wording.
     */
    private String prompt(String template, Map<String, JsonValue> values, Run run) {
        for (JsonValue value : values.values()) {
            if (value instanceof JsonString text) {
                ScanResult scan = guardian.screenInput(text.getString());
                if (scan.verdict() == Verdict.BLOCK) {
                    run.fail(
                            ToolOutcome.Status.REFUSED,
                            "The Guardian refused the skill's prompt (" + String.join(", ", scan.categories()) + ").");
                    return null;
                }
            }
        }
        String prompt = Templates.render(template, values);
        ChatRequest request = new ChatRequest(
                null,
                List.of(
                        ChatMessage.system(soul.systemPrompt()),
                        ChatMessage.user(guardian.redact(prompt).text())),
                List.of(),
                null,
                null);
        return llm.chat(request).content();
    }

    /** How a run is going: the first failure ends it. */
    private static final class Run {

        final List<String> used = new ArrayList<>();
        ToolOutcome.Status outcome = ToolOutcome.Status.OK;
        String output;
        String failure;

        void fail(ToolOutcome.Status status, String reason) {
            outcome = status;
            failure = reason;
        }
    }
}
