package io.lollmsbot.tools.control;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.core.JacksonException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON Schema (draft 2020-12) validation of the JSON that tools and skills receive, with networknt's validator.
 * Thread-safe; compiled schemas are cached by their text (schemas are few and small: one per tool and skill version).
 */
public final class JsonSchemas {

    private static final int MAX_CACHED = 1_000;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * What is wrong with {@code instanceJson} under {@code schemaJson}, one readable message per problem, each starting
     * with the JSON pointer of the value it is about ({@code /topic: ...}); empty when valid.
     *
     * @throws IllegalArgumentException if the schema is invalid or the instance is not JSON
     */
    public List<String> violations(String schemaJson, String instanceJson) {
        Schema schema = compile(schemaJson);
        try {
            return schema.validate(instanceJson, InputFormat.JSON).stream().map(JsonSchemas::message).toList();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The value is not valid JSON.");
        }
    }

    /** Checks that {@code schemaJson} is a usable JSON Schema; the exception's message says what is wrong. */
    public void checkSchema(String schemaJson) {
        compile(schemaJson);
    }

    private Schema compile(String schemaJson) {
        Schema cached = compiled.get(schemaJson);
        if (cached != null) {
            return cached;
        }
        Schema schema = compileUncached(schemaJson);
        if (compiled.size() >= MAX_CACHED) {
            compiled.clear();
        }
        compiled.put(schemaJson, schema);
        return schema;
    }

    private Schema compileUncached(String schemaJson) {
        List<String> problems;
        try {
            problems = metaSchema.validate(schemaJson, InputFormat.JSON).stream().map(JsonSchemas::message).toList();
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The schema is not valid JSON.");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid JSON Schema: " + String.join("; ", problems));
        }
        try {
            return registry.getSchema(schemaJson, InputFormat.JSON);
        } catch (SchemaException e) {
            // e.g. a pattern that is not a regular expression, which the meta-schema does not check
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalArgumentException("Invalid JSON Schema: " + cause.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    private static String message(com.networknt.schema.Error error) {
        String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        if (error.getProperty() != null && ("required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword()))) {
            location = location + "/" + error.getProperty();
        }
        return (location.isEmpty() ? "/" : location) + ": " + error.getMessage();
    }
}
