package io.lollmsbot.llm.control;

import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.Objects;

/**
 * A function the model may call.
 *
 * @param name        function name
 * @param description what it does, for the model
 * @param parameters  JSON schema of the arguments object
 */
public record ToolDefinition(String name, String description, JsonObject parameters) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parameters = parameters == null
                ? JsonSupport.JSON.createObjectBuilder().add("type", "object").build()
                : parameters;
    }

    /** Convenience for a schema written as JSON text; the text must be a JSON object. */
    public static ToolDefinition of(String name, String description, String parametersSchemaJson) {
        return new ToolDefinition(name, description, schema(parametersSchemaJson));
    }

    /**
     * A schema written as JSON text, parsed: for a tool whose description changes with its settings, parse it once
     * (a constant) instead of on every {@code definition()}, which runs for every tool on every turn.
     */
    public static JsonObject schema(String json) {
        try (var reader = JsonSupport.JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
