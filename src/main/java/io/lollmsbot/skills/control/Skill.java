package io.lollmsbot.skills.control;

import static io.lollmsbot.common.JsonProviders.JSON;

import io.lollmsbot.tools.control.ToolCaller;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One version of a skill as an admin defines it: data only (a template, tool steps and their argument mapping),
 * never code. {@link SkillJson} reads and writes it and checks every rule.
 *
 * @param template the prompt (kinds {@code prompt} and {@code workflow}, where it runs after the steps)
 * @param steps    tool steps (kinds {@code tool-chain} and {@code workflow})
 */
public record Skill(
        String name,
        String description,
        Kind kind,
        boolean enabled,
        List<String> allowedRoles,
        List<Parameter> parameters,
        String template,
        List<Step> steps) {

    public Skill {
        allowedRoles = List.copyOf(allowedRoles);
        parameters = List.copyOf(parameters);
        steps = List.copyOf(steps);
    }

    public enum Kind {
        PROMPT,
        TOOL_CHAIN,
        WORKFLOW;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Kind> of(String wireName) {
            for (Kind kind : values()) {
                if (kind.wireName().equals(wireName)) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }

        boolean hasTemplate() {
            return this != TOOL_CHAIN;
        }

        boolean hasSteps() {
            return this != PROMPT;
        }
    }

    /**
     * An input of the skill.
     *
     * @param defaultValue {@code null} when there is none
     * @param pattern      a regular expression a string must match, or {@code null}
     * @param allowed      the permitted values ({@code enum}), empty when any value of the type is permitted
     */
    public record Parameter(
            String name,
            String type,
            boolean required,
            String description,
            JsonValue defaultValue,
            String pattern,
            List<JsonValue> allowed) {

        public Parameter {
            allowed = List.copyOf(allowed);
        }

        /** This parameter as a JSON Schema property. */
        JsonObject schema() {
            JsonObjectBuilder schema = JSON.createObjectBuilder().add("type", type);
            if (description != null) {
                schema.add("description", description);
            }
            if (pattern != null) {
                schema.add("pattern", pattern);
            }
            if (!allowed.isEmpty()) {
                JsonArrayBuilder values = JSON.createArrayBuilder();
                allowed.forEach(values::add);
                schema.add("enum", values);
            }
            if (defaultValue != null) {
                schema.add("default", defaultValue);
            }
            return schema.build();
        }
    }

    /** A tool call; string values of {@code arguments} may hold {@code {{placeholders}}} (see {@link Templates}). */
    public record Step(String tool, JsonObject arguments) {}

    /** Whether the caller may see and run it: enabled, and allowed for the caller's role (an admin is also a user). */
    public boolean availableTo(ToolCaller caller) {
        return enabled && (allowedRoles.contains("user") || caller.admin() && allowedRoles.contains("admin"));
    }

    /** The inputs as a JSON Schema object: what the model is offered and what every run is validated against. */
    public JsonObject inputSchema() {
        JsonObjectBuilder properties = JSON.createObjectBuilder();
        JsonArrayBuilder required = JSON.createArrayBuilder();
        for (Parameter parameter : parameters) {
            properties.add(parameter.name(), parameter.schema());
            if (parameter.required()) {
                required.add(parameter.name());
            }
        }
        return JSON.createObjectBuilder()
                .add("type", "object")
                .add("properties", properties)
                .add("required", required)
                .add("additionalProperties", false)
                .build();
    }
}
