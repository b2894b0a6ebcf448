package io.lollmsbot.skills.control;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only "language" of skills: {@code {{name}}} placeholders naming an input, or {@code {{steps.N.output}}} naming
 * the output of step N (from 1). Text is substituted, never evaluated: a value that itself contains braces stays text.
 * <ul>
 *   <li>In a template, each placeholder becomes the value's text (a string as is, anything else as JSON; an absent
 *   value as nothing).</li>
 *   <li>In tool arguments, a string that is exactly one placeholder becomes the value itself with its JSON type (an
 *   absent value drops the argument); any other string has its placeholders replaced by text.</li>
 * </ul>
 */
public final class Templates {

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{\\{\\s*([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_]+)*)\\s*}}");
    private static final Pattern STEP_OUTPUT = Pattern.compile("steps\\.([1-9][0-9]?)\\.output");

    private Templates() {}

    /** Every name referenced in a text or in the strings of a JSON value, sorted. */
    public static Set<String> references(JsonValue value) {
        Set<String> names = new TreeSet<>();
        collect(value, names);
        return names;
    }

    public static Set<String> references(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** The step a reference names ({@code steps.2.output} is 2), or 0 when it names no step. */
    public static int stepOf(String reference) {
        Matcher matcher = STEP_OUTPUT.matcher(reference);
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    public static String stepOutput(int step) {
        return "steps." + step + ".output";
    }

    public static String render(String template, Map<String, JsonValue> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder rendered = new StringBuilder(template.length());
        while (matcher.find()) {
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(text(values.get(matcher.group(1)))));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    /** Tool arguments with their placeholders replaced, as described above. */
    public static JsonValue map(JsonValue arguments, Map<String, JsonValue> values) {
        return switch (arguments.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder mapped = Json.createObjectBuilder();
                arguments.asJsonObject().forEach((key, value) -> {
                    JsonValue result = map(value, values);
                    if (result != null) {
                        mapped.add(key, result);
                    }
                });
                yield mapped.build();
            }
            case ARRAY -> {
                JsonArrayBuilder mapped = Json.createArrayBuilder();
                arguments.asJsonArray().forEach(value -> {
                    JsonValue result = map(value, values);
                    mapped.add(result == null ? JsonValue.NULL : result);
                });
                yield mapped.build();
            }
            case STRING -> mapString(((JsonString) arguments).getString(), values);
            default -> arguments;
        };
    }

    /** {@code null} when the string is exactly one placeholder whose value is absent. */
    private static JsonValue mapString(String text, Map<String, JsonValue> values) {
        Matcher whole = PLACEHOLDER.matcher(text);
        if (whole.matches()) {
            return values.get(whole.group(1));
        }
        return Json.createValue(render(text, values));
    }

    private static void collect(JsonValue value, Set<String> names) {
        switch (value.getValueType()) {
            case OBJECT -> value.asJsonObject().values().forEach(v -> collect(v, names));
            case ARRAY -> value.asJsonArray().forEach(v -> collect(v, names));
            case STRING -> names.addAll(references(((JsonString) value).getString()));
            default -> {
                // numbers, booleans and null hold no placeholders
            }
        }
    }

    private static String text(JsonValue value) {
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "";
        }
        return value instanceof JsonString string ? string.getString() : value.toString();
    }
}
