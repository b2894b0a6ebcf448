package io.lollmsbot.tools.control;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemasTest {

    private final JsonSchemas schemas = new JsonSchemas();
    private static final String SCHEMA = """
            {"type":"object","properties":{"action":{"type":"string","enum":["add","list"]},"n":{"type":"integer"}},
             "required":["action"],"additionalProperties":false}""";

    @Test
    void aValidInstanceHasNoViolations() {
        assertEquals(List.of(), schemas.violations(SCHEMA, "{\"action\":\"add\",\"n\":2}"));
    }

    @Test
    void eachViolationNamesTheValueItIsAbout() {
        List<String> violations = schemas.violations(SCHEMA, "{\"n\":1.5,\"x\":true}");
        assertEquals(3, violations.size(), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("/action: ") && v.contains("required")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("/n: ") && v.contains("integer expected")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("/x: ")), violations::toString);
    }

    @Test
    void invalidSchemasAndInstancesAreIllegalArguments() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema("{\"type\":\"objekt\"}"))
                .getMessage().startsWith("Invalid JSON Schema: /type"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema("{\"type\":\"string\",\"pattern\":\"[\"}"))
                .getMessage().contains("Unclosed character class"));
        assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema("{not json"));
        assertThrows(IllegalArgumentException.class, () -> schemas.violations(SCHEMA, "{not json"));
    }
}
