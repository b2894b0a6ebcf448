package io.lollmsbot.skills.boundary;

import io.lollmsbot.common.ProblemException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** Request bodies that must be a JSON object: anything else is a 400, never a server error. */
final class JsonBodies {

    private JsonBodies() {}

    static JsonObject object(String body) {
        if (body == null || body.isBlank()) {
            throw new ProblemException(400, "The request body must be a JSON object.");
        }
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ProblemException(400, "The request body must be a JSON object.");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new ProblemException(400, "The request body is not valid JSON.");
        }
    }
}
