package io.lollmsbot.tools.control;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks JSON values against JSON schemas (draft 2020-12 unless a schema names another): the arguments of every tool
 * call and the inputs of every skill. One validator for both, so a schema means the same everywhere.
 * <p>
 * Thread-safe: compiled schemas are immutable and cached by their text (the cache is emptied when it reaches
 * {@value #MAX_CACHED} entries, so admin-written schemas cannot grow it without bound). Schemas are never loaded from
 * the network or the file system: only the meta-schemas bundled with the library resolve; any other {@code $ref}
 * outside the schema itself fails.
 */
@ApplicationScoped
public class JsonSchemas {

    static final String NOT_JSON = "the value is not valid JSON";
    private static final int MAX_CACHED = 512;
    private static final SpecificationVersion DIALECT = SpecificationVersion.DRAFT_2020_12;
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(DIALECT,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                    .block(iri -> !iri.toString().startsWith("https://json-schema.org/"))));

    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    /**
     * Why {@code instanceJson} does not satisfy {@code schemaJson}, one readable line per problem (such as
     * {@code /action: does not have a value in the enumeration ["add", "list"]} or {@code required property 'action' not found}); empty when it does.
     *
     * @throws IllegalArgumentException when the schema itself is not a valid schema
     */
    public List<String> violations(String schemaJson, String instanceJson) {
        Schema schema = compile(schemaJson);
        List<Error> errors;
        try {
            errors = schema.validate(instanceJson, InputFormat.JSON);
        } catch (RuntimeException unreadable) {
            return List.of(NOT_JSON);
        }
        return errors.stream().map(JsonSchemas::describe).distinct().toList();
    }

    /** Refuses a text that is not a usable JSON schema, with the reason. */
    public void checkSchema(String schemaJson) {
        compile(schemaJson);
    }

    private Schema compile(String schemaJson) {
        if (schemaJson == null || schemaJson.isBlank()) {
            throw new IllegalArgumentException("The schema is empty.");
        }
        Schema cached = compiled.get(schemaJson);
        if (cached != null) {
            return cached;
        }
        Schema schema = load(schemaJson);
        if (compiled.size() >= MAX_CACHED) {
            compiled.clear();
        }
        compiled.put(schemaJson, schema);
        return schema;
    }

    private static Schema load(String schemaJson) {
        List<Error> metaErrors;
        try {
            metaErrors = REGISTRY.getSchema(SchemaLocation.of(DIALECT.getDialectId())).validate(schemaJson, InputFormat.JSON);
        } catch (RuntimeException unreadable) {
            throw new IllegalArgumentException("The schema is not valid JSON.");
        }
        if (!metaErrors.isEmpty()) {
            throw new IllegalArgumentException("The schema is not a valid JSON schema: "
                    + String.join("; ", metaErrors.stream().map(JsonSchemas::describe).distinct().toList()));
        }
        try {
            Schema schema = REGISTRY.getSchema(schemaJson, InputFormat.JSON);
            // resolve references and compile patterns now, so a broken schema fails here and not on first use
            schema.initializeValidators();
            return schema;
        } catch (RuntimeException broken) {
            throw new IllegalArgumentException("The schema cannot be used: " + broken.getMessage());
        }
    }

    /** The library's message, after the JSON pointer of the field unless the problem is at the root. */
    private static String describe(Error error) {
        String at = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
        return at.isEmpty() || "/".equals(at) ? error.getMessage() : at + ": " + error.getMessage();
    }
}
