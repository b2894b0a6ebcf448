package io.lollmsbot.tools.control;

import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.llm.control.ToolCall;
import io.lollmsbot.llm.control.ToolDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The tools the model may use. Deny by default: every call is authorised by the Guardian first (an unknown or
 * disabled tool, or arguments it blocks, are refused, never run); every call is timed and ends as ok, error or refused.
 */
@ApplicationScoped
public class ToolRegistry {

    private static final Logger LOG = Logger.getLogger(ToolRegistry.class.getName());

    @Inject
    @Any
    Instance<Tool> tools;

    @Inject
    @Any
    Instance<ToolProvider> providers;

    @Inject
    Guardian guardian;

    /** The definitions offered to this caller now. */
    public List<ToolDefinition> available(ToolCaller caller) {
        return usable(caller).map(Tool::definition).toList();
    }

    public ToolOutcome execute(ToolCaller caller, ToolCall call) {
        long started = System.nanoTime();
        Optional<Tool> tool = usable(caller).filter(t -> t.name().equals(call.name())).findFirst();
        Optional<ToolOutcome> refused = refusal(caller, call, tool.isPresent(), started);
        if (refused.isPresent()) {
            return refused.get();
        }
        try {
            String output = tool.get().execute(caller, parseArguments(call.arguments()));
            return outcome(call, ToolOutcome.Status.OK, output, started);
        } catch (ToolRefused switchedOff) {
            // the tool re-checked its own switch when it ran and said no: refused and audited like any refusal
            return refusal(caller, call, false, started).orElseThrow();
        } catch (ToolFailure failure) {
            return outcome(call, ToolOutcome.Status.ERROR, failure.getMessage(), started);
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, "tool " + call.name() + " failed", unexpected);
            return outcome(call, ToolOutcome.Status.ERROR, "The tool failed.", started);
        }
    }

    /** The beans' tools first, so a provided tool never shadows one of them. */
    private Stream<Tool> usable(ToolCaller caller) {
        Stream<Tool> provided = providers.stream().flatMap(provider -> provider.tools(caller).stream());
        return Stream.concat(tools.stream(), provided).filter(Tool::enabled);
    }

    /** The Guardian's refusal of this call, audited, if it refuses it. */
    private Optional<ToolOutcome> refusal(ToolCaller caller, ToolCall call, boolean available, long started) {
        return guardian.authorizeTool(caller.username(), call.name(), call.arguments(), available)
                .map(reason -> outcome(call, ToolOutcome.Status.REFUSED, reason, started));
    }

    static JsonObject parseArguments(String arguments) {
        try (JsonReader reader = Json.createReader(new StringReader(arguments))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ToolFailure("Arguments must be a JSON object.");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw new ToolFailure("Arguments are not valid JSON.");
        }
    }

    private static ToolOutcome outcome(ToolCall call, ToolOutcome.Status status, String output, long started) {
        return new ToolOutcome(call.name(), status, output, (int) ((System.nanoTime() - started) / 1_000_000));
    }
}
