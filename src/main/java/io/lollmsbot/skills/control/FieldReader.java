package io.lollmsbot.skills.control;

import io.lollmsbot.common.Problem.FieldError;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;

/** Typed reads of one JSON object that record what is wrong instead of throwing. */
final class FieldReader {

    final JsonObject json;
    final String prefix;
    final List<FieldError> errors;

    FieldReader(JsonObject json, String prefix, List<FieldError> errors) {
        this.json = json;
        this.prefix = prefix;
        this.errors = errors;
    }

    void error(String field, String message) {
        errors.add(new FieldError(prefix + field, message));
    }

    String string(String field, boolean required, int maxLength) {
        return string(json, field, required, maxLength, "");
    }

    String string(JsonObject object, String field, boolean required, int maxLength, String at) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            if (required) {
                error(at + field, "is required");
            }
            return null;
        }
        if (!(value instanceof JsonString string)) {
            error(at + field, "must be a string");
            return null;
        }
        if (required && string.getString().isBlank() || string.getString().length() > maxLength) {
            error(at + field, "must be 1-" + maxLength + " characters");
            return null;
        }
        return string.getString();
    }

    boolean bool(JsonObject object, String field, boolean fallback, String at) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (value.getValueType() != JsonValue.ValueType.TRUE && value.getValueType() != JsonValue.ValueType.FALSE) {
            error(at + field, "must be true or false");
            return fallback;
        }
        return value.getValueType() == JsonValue.ValueType.TRUE;
    }

    JsonArray array(JsonObject object, String field, String at) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            error(at + field, "must be an array");
            return null;
        }
        return value.asJsonArray();
    }
}
