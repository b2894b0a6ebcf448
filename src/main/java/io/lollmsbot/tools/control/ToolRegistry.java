package io.lollmsbot.tools.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
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

/**
 * The tools the model may use. Deny by default: a call to an unknown or disabled tool is refused, never run; every
 * call is timed and ends as ok, error or refused.
 */
@ApplicationScoped
public class ToolRegistry {

    private static final Logger LOG = Logger.getLogger(ToolRegistry.class.getName());
    private static final int MAX_TARGET_CHARS = 128;

    @Inject
    @Any
    Instance<Tool> tools;

    @Inject
    AuditLog audit;

    /** The definitions offered to the model now. */
    public List<ToolDefinition> available() {
        return tools.stream().filter(Tool::enabled).map(Tool::definition).toList();
    }

    public ToolOutcome execute(ToolCaller caller, ToolCall call) {
        long started = System.nanoTime();
        Optional<Tool> tool = tools.stream().filter(t -> t.name().equals(call.name())).findFirst();
        if (tool.isEmpty() || !tool.get().enabled()) {
            return refuse(caller, call, started);
        }
        try {
            String output = tool.get().execute(caller, parseArguments(call.arguments()));
            return outcome(call, ToolOutcome.Status.OK, output, started);
        } catch (ToolRefused refused) {
            return refuse(caller, call, started);
        } catch (ToolFailure failure) {
            return outcome(call, ToolOutcome.Status.ERROR, failure.getMessage(), started);
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, "tool " + call.name() + " failed", unexpected);
            return outcome(call, ToolOutcome.Status.ERROR, "The tool failed.", started);
        }
    }

    private ToolOutcome refuse(ToolCaller caller, ToolCall call, long started) {
        String name = String.valueOf(call.name());
        String arguments = String.valueOf(call.arguments());
        audit.record(AuditEvent.of(caller.username(), "tool.refused",
                        name.length() > MAX_TARGET_CHARS ? name.substring(0, MAX_TARGET_CHARS) : name)
                .withContent(AuditChain.sha256(arguments), arguments.length()));
        return outcome(call, ToolOutcome.Status.REFUSED, "Tool '" + name + "' is not available.", started);
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
