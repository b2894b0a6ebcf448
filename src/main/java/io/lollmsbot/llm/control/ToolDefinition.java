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
        try (var reader = JsonSupport.JSON.createReader(new StringReader(parametersSchemaJson))) {
            return new ToolDefinition(name, description, reader.readObject());
        }
    }
}
