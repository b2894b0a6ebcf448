package io.lollmsbot.skills.control;

import io.lollmsbot.common.Problem.FieldError;
import io.lollmsbot.tools.control.JsonSchemas;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Skills as JSON (the admin API, storage, import and export) and every rule a definition must follow. Reading
 * collects all problems, each named by its field, instead of stopping at the first; unknown fields are refused, so
 * nothing that looks like code slips in under another name.
 */
@ApplicationScoped
public class SkillJson {

    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Words the admin API uses as paths beside skill names. */
    private static final Set<String> RESERVED = Set.of("export", "import");

    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "array", "object");
    private static final Set<String> ROLES = Set.of("user", "admin");
    /** Fields the server sets; accepted (and ignored) so an exported skill can be imported as it is. */
    private static final Set<String> SERVER_FIELDS = Set.of("version", "semanticVersion", "updatedAt", "updatedBy");

    private static final JsonWriterFactory INDENTED =
            Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private static final Set<String> FIELDS =
            Set.of("name", "description", "kind", "enabled", "allowedRoles", "parameters", "template", "steps");
    private static final Set<String> PARAMETER_FIELDS =
            Set.of("name", "type", "required", "description", "default", "pattern", "enum");
    private static final int MAX_PARAMETERS = 20;
    private static final int MAX_STEPS = 10;
    private static final int MAX_TEMPLATE = 20_000;
    private static final int MAX_DESCRIPTION = 1_000;

    private final JsonSchemas schemas;

    public SkillJson() {
        this(new JsonSchemas());
    }

    SkillJson(JsonSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * The inputs with defaults filled in, or the problems found by validating them against the skill's parameter
     * schema, each named {@code inputs.<parameter>}.
     */
    public JsonObject inputs(Skill skill, JsonObject given, List<FieldError> errors) {
        JsonObjectBuilder complete = Json.createObjectBuilder(given);
        for (Skill.Parameter parameter : skill.parameters()) {
            if (!given.containsKey(parameter.name()) && parameter.defaultValue() != null) {
                complete.add(parameter.name(), parameter.defaultValue());
            }
        }
        JsonObject inputs = complete.build();
        for (String violation : schemas.violations(skill.inputSchema().toString(), inputs.toString())) {
            errors.add(inputError(violation));
        }
        return inputs;
    }

    /** "/topic: does not match ..." becomes field "inputs.topic"; anything else is about the inputs as a whole. */
    private static FieldError inputError(String violation) {
        int colon = violation.indexOf(": ");
        if (violation.startsWith("/") && colon > 1) {
            String pointer = violation.substring(1, colon).replace('/', '.');
            return new FieldError("inputs." + pointer, violation.substring(colon + 2));
        }
        return new FieldError("inputs", violation);
    }

    /** The skill in {@code json}, or the problems found, each field prefixed by {@code prefix} ("" or "skills[3]."). */
    public Skill read(JsonObject json, String prefix, List<FieldError> errors) {
        FieldReader reader = new FieldReader(json, prefix, errors);
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field) && !SERVER_FIELDS.contains(field)) {
                reader.error(field, "is not a field of a skill");
            }
        }
        String name = reader.string("name", true, 64);
        if (name != null && (!NAME.matcher(name).matches() || RESERVED.contains(name))) {
            reader.error("name", "must be 1-64 characters of a-z, 0-9 and '-' (and not 'export' or 'import')");
        }
        String description = reader.string("description", true, MAX_DESCRIPTION);
        String kindName = reader.string("kind", true, 32);
        Skill.Kind kind = kindName == null ? null : Skill.Kind.of(kindName).orElse(null);
        if (kindName != null && kind == null) {
            reader.error("kind", "must be prompt, tool-chain or workflow");
        }
        boolean enabled = reader.bool(json, "enabled", true, "");
        List<String> roles = roles(reader);
        List<Skill.Parameter> parameters = parameters(reader);
        String template = reader.string("template", false, MAX_TEMPLATE);
        List<Skill.Step> steps = steps(reader);
        if (kind != null) {
            checkShape(reader, kind, template, steps);
            checkReferences(reader, parameters, template, steps);
        }
        return errors.isEmpty()
                ? new Skill(name, description, kind, enabled, roles, parameters, template, steps)
                : null;
    }

    public JsonObject write(Skill skill) {
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("name", skill.name())
                .add("description", skill.description())
                .add("kind", skill.kind().wireName())
                .add("enabled", skill.enabled())
                .add("allowedRoles", Json.createArrayBuilder(skill.allowedRoles()));
        JsonArrayBuilder parameters = Json.createArrayBuilder();
        for (Skill.Parameter p : skill.parameters()) {
            JsonObjectBuilder parameter = Json.createObjectBuilder()
                    .add("name", p.name())
                    .add("type", p.type())
                    .add("required", p.required());
            if (p.description() != null) {
                parameter.add("description", p.description());
            }
            if (p.defaultValue() != null) {
                parameter.add("default", p.defaultValue());
            }
            if (p.pattern() != null) {
                parameter.add("pattern", p.pattern());
            }
            if (!p.allowed().isEmpty()) {
                parameter.add("enum", Json.createArrayBuilder(p.allowed()));
            }
            parameters.add(parameter);
        }
        json.add("parameters", parameters);
        if (skill.template() != null) {
            json.add("template", skill.template());
        }
        if (skill.kind().hasSteps()) {
            JsonArrayBuilder steps = Json.createArrayBuilder();
            skill.steps()
                    .forEach(step -> steps.add(
                            Json.createObjectBuilder().add("tool", step.tool()).add("arguments", step.arguments())));
            json.add("steps", steps);
        }
        return json.build();
    }

    /** The definition as an admin reads it, one field or list entry a line: the text a version diff compares. */
    public String indented(Skill skill) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = INDENTED.createWriter(out)) {
            writer.write(write(skill));
        }
        return out.toString().strip();
    }

    /** A stored version as the API shows it: the definition plus what the server assigned. */
    public JsonObject write(SkillStore.Versioned versioned) {
        return Json.createObjectBuilder(write(versioned.skill()))
                .add("version", versioned.version())
                .add("semanticVersion", versioned.semanticVersion())
                .add("updatedAt", versioned.createdAt().toString())
                .add("updatedBy", versioned.createdBy())
                .build();
    }

    private static List<String> roles(FieldReader reader) {
        JsonArray array = reader.array(reader.json, "allowedRoles", "");
        if (array == null) {
            return List.of("admin");
        }
        Set<String> roles = new java.util.TreeSet<>();
        for (JsonValue value : array) {
            if (value instanceof JsonString role && ROLES.contains(role.getString())) {
                roles.add(role.getString());
            } else {
                reader.error("allowedRoles", "must hold only \"user\" and \"admin\"");
            }
        }
        return List.copyOf(roles);
    }

    private List<Skill.Parameter> parameters(FieldReader reader) {
        JsonArray array = reader.array(reader.json, "parameters", "");
        if (array == null) {
            return List.of();
        }
        if (array.size() > MAX_PARAMETERS) {
            reader.error("parameters", "must have at most " + MAX_PARAMETERS + " entries");
        }
        List<Skill.Parameter> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "parameters[" + i + "].";
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                reader.error("parameters[" + i + "]", "must be an object");
                continue;
            }
            Skill.Parameter parameter = parameter(reader, array.getJsonObject(i), at);
            if (parameter != null && !names.add(parameter.name())) {
                reader.error(at + "name", "is used twice");
            }
            parameters.add(parameter);
        }
        return parameters;
    }

    private Skill.Parameter parameter(FieldReader reader, JsonObject json, String at) {
        json.keySet().stream()
                .filter(field -> !PARAMETER_FIELDS.contains(field))
                .forEach(field -> reader.error(at + field, "is not a field of a parameter"));
        String name = reader.string(json, "name", true, 64, at);
        if (name != null && !PARAMETER_NAME.matcher(name).matches()) {
            reader.error(at + "name", "must start with a letter and hold only letters, digits and '_' (at most 64)");
        }
        String type = reader.string(json, "type", true, 16, at);
        if (type != null && !TYPES.contains(type)) {
            reader.error(at + "type", "must be one of string, number, integer, boolean, array, object");
        }
        boolean required = reader.bool(json, "required", false, at);
        String description = reader.string(json, "description", false, MAX_DESCRIPTION, at);
        String pattern = reader.string(json, "pattern", false, 1_000, at);
        if (pattern != null && !"string".equals(type)) {
            reader.error(at + "pattern", "applies to string parameters only");
        }
        JsonArray allowed = reader.array(json, "enum", at);
        if (allowed != null && allowed.isEmpty()) {
            reader.error(at + "enum", "must not be empty");
        }
        JsonValue defaultValue = json.get("default");
        if (name == null || type == null || !TYPES.contains(type)) {
            return null;
        }
        Skill.Parameter parameter = new Skill.Parameter(
                name, type, required, description, defaultValue, pattern, allowed == null ? List.of() : allowed);
        String schema = parameter.schema().toString();
        try {
            schemas.checkSchema(schema);
            checkValue(reader, schema, defaultValue, at + "default");
            if (allowed != null) {
                for (int i = 0; i < allowed.size(); i++) {
                    checkValue(
                            reader,
                            Json.createObjectBuilder().add("type", type).build().toString(),
                            allowed.get(i),
                            at + "enum[" + i + "]");
                }
            }
        } catch (IllegalArgumentException invalid) {
            reader.error(at + (pattern != null ? "pattern" : "type"), invalid.getMessage());
        }
        return parameter;
    }

    private void checkValue(FieldReader reader, String schema, JsonValue value, String field) {
        if (value != null) {
            schemas.violations(schema, value.toString()).forEach(violation -> reader.error(field, violation));
        }
    }

    private static List<Skill.Step> steps(FieldReader reader) {
        JsonArray array = reader.array(reader.json, "steps", "");
        if (array == null) {
            return List.of();
        }
        if (array.size() > MAX_STEPS) {
            reader.error("steps", "must have at most " + MAX_STEPS + " entries");
        }
        List<Skill.Step> steps = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String at = "steps[" + i + "].";
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                reader.error("steps[" + i + "]", "must be an object");
                continue;
            }
            JsonObject json = array.getJsonObject(i);
            json.keySet().stream()
                    .filter(field -> !"tool".equals(field) && !"arguments".equals(field))
                    .forEach(field -> reader.error(at + field, "is not a field of a step"));
            String tool = reader.string(json, "tool", true, 64, at);
            if (tool != null && (!TOOL_NAME.matcher(tool).matches() || tool.startsWith(SkillTools.PREFIX))) {
                reader.error(
                        at + "tool", "must name a tool (letters, digits, '_' and '-'); a step cannot call a skill");
            }
            JsonValue arguments = json.getOrDefault("arguments", JsonValue.EMPTY_JSON_OBJECT);
            if (arguments.getValueType() != JsonValue.ValueType.OBJECT) {
                reader.error(at + "arguments", "must be an object");
                arguments = JsonValue.EMPTY_JSON_OBJECT;
            }
            steps.add(new Skill.Step(tool, arguments.asJsonObject()));
        }
        return steps;
    }

    private static void checkShape(FieldReader reader, Skill.Kind kind, String template, List<Skill.Step> steps) {
        if (kind.hasTemplate() && (template == null || template.isBlank())) {
            reader.error("template", "is required for kind " + kind.wireName());
        }
        if (!kind.hasTemplate() && template != null) {
            reader.error("template", "is not used by kind " + kind.wireName());
        }
        if (kind.hasSteps() && steps.isEmpty()) {
            reader.error("steps", "needs at least one step for kind " + kind.wireName());
        }
        if (!kind.hasSteps() && !steps.isEmpty()) {
            reader.error("steps", "is not used by kind " + kind.wireName());
        }
    }

    /** Every placeholder names a parameter or the output of an earlier step. */
    private static void checkReferences(
            FieldReader reader, List<Skill.Parameter> parameters, String template, List<Skill.Step> steps) {
        Set<String> names = new HashSet<>();
        parameters.stream().filter(p -> p != null).forEach(p -> names.add(p.name()));
        for (int i = 0; i < steps.size(); i++) {
            checkReferences(
                    reader,
                    "steps[" + i + "].arguments",
                    Templates.references(steps.get(i).arguments()),
                    names,
                    i);
        }
        if (template != null) {
            checkReferences(reader, "template", Templates.references(template), names, steps.size());
        }
    }

    private static void checkReferences(
            FieldReader reader, String field, Set<String> references, Set<String> names, int stepsBefore) {
        for (String reference : references) {
            int step = Templates.stepOf(reference);
            if (!names.contains(reference) && (step == 0 || step > stepsBefore)) {
                reader.error(
                        field,
                        "{{" + reference + "}} names no parameter" + (stepsBefore > 0 ? " and no earlier step" : ""));
            }
        }
    }
}
