package io.lollmsbot.llm.control;

import io.lollmsbot.common.JsonProviders;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Objects;

/** Null-tolerant JSON-P reading helpers and the wire shapes both protocols share. */
final class JsonSupport {

    /** The application's JSON-P provider ({@link JsonProviders}), under the short name this package uses. */
    static final JsonProvider JSON = JsonProviders.JSON;

    private JsonSupport() {}

    /** Parses a JSON object; anything else is a permanent "malformed response" failure. */
    static JsonObject parseObject(String text, String provider) {
        try (var reader = JSON.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw malformed(provider, e);
        }
    }

    static LlmException malformed(String provider, Throwable cause) {
        return LlmException.permanent("malformed response from " + provider, cause);
    }

    /** The member, or null when absent or JSON null. */
    static JsonObject object(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonObject obj ? obj : null;
    }

    static JsonArray array(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonArray arr ? arr : JsonValue.EMPTY_JSON_ARRAY;
    }

    /** The string field {@code field} of each object in the array {@code key}, e.g. the model names of a listing. */
    static List<String> fieldOfEach(JsonObject o, String key, String field) {
        return array(o, key).stream()
                .filter(JsonObject.class::isInstance)
                .map(item -> string(item.asJsonObject(), field))
                .filter(Objects::nonNull)
                .toList();
    }

    static String string(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }

    static int integer(JsonObject o, String key, int orElse) {
        JsonValue v = o == null ? null : o.get(key);
        return v instanceof JsonNumber n ? n.intValue() : orElse;
    }

    /** A string member as is, any other JSON value as JSON text (tool arguments come both ways), else null. */
    static String text(JsonObject o, String key) {
        JsonValue v = o == null ? null : o.get(key);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    /** A tool definition in the {"type":"function","function":{...}} shape both protocols accept. */
    static JsonObject functionTool(ToolDefinition tool) {
        return JSON.createObjectBuilder()
                .add("type", "function")
                .add(
                        "function",
                        JSON.createObjectBuilder()
                                .add("name", tool.name())
                                .add("description", tool.description())
                                .add("parameters", tool.parameters()))
                .build();
    }

    static void addIfPresent(JsonObjectBuilder builder, String key, String value) {
        if (value != null) {
            builder.add(key, value);
        }
    }
}
