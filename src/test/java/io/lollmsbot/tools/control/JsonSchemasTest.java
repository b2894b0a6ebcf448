package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{
              "action":{"type":"string","enum":["add","list"]},
              "title":{"type":"string","maxLength":5},
              "count":{"type":"integer","minimum":1}},
             "required":["action"],"additionalProperties":false}""";

    private final JsonSchemas schemas = new JsonSchemas();

    @Test
    void aValidInstanceHasNoViolations() {
        assertEquals(List.of(), schemas.violations(SCHEMA, "{\"action\":\"add\",\"title\":\"abc\",\"count\":2}"));
    }

    @Test
    void eachViolationNamesItsField() {
        List<String> violations =
                schemas.violations(SCHEMA, "{\"action\":\"drop\",\"title\":\"too long\",\"count\":0,\"x\":1}");
        assertEquals(4, violations.size(), violations::toString);
        assertTrue(
                violations.stream().anyMatch(v -> v.startsWith("/action") && v.contains("enum")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("/title")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.startsWith("/count")), violations::toString);
        assertTrue(violations.stream().anyMatch(v -> v.contains("x")), violations::toString);
    }

    @Test
    void aMissingRequiredFieldAndAWrongTypeAreViolations() {
        List<String> violations = schemas.violations(SCHEMA, "{\"count\":\"two\"}");
        assertTrue(violations.stream().anyMatch(v -> v.contains("action")), violations::toString);
        assertTrue(
                violations.stream().anyMatch(v -> v.startsWith("/count") && v.contains("integer")),
                violations::toString);
    }

    @Test
    void anInstanceThatIsNotJsonIsAViolationNotAnException() {
        assertEquals(List.of(JsonSchemas.NOT_JSON), schemas.violations(SCHEMA, "{not json"));
    }

    @Test
    void invalidSchemasAreRefusedWithTheReason() {
        IllegalArgumentException wrongType =
                assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema("{\"type\":\"text\"}"));
        assertTrue(wrongType.getMessage().contains("not a valid JSON schema"), wrongType::getMessage);
        assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema("{\"type\":"));
        assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema(" "));
        assertThrows(IllegalArgumentException.class, () -> schemas.violations("{\"minLength\":-1}", "\"x\""));
    }

    @Test
    void referencesOutsideTheSchemaAreNeverFetched() {
        assertThrows(IllegalArgumentException.class, () -> schemas.checkSchema("{\"$ref\":\"file:///etc/hostname\"}"));
        assertThrows(
                IllegalArgumentException.class,
                () -> schemas.checkSchema("{\"$ref\":\"http://127.0.0.1:9/schema.json\"}"));
    }

    @Test
    void localReferencesWork() {
        String schema = """
                {"$defs":{"name":{"type":"string","pattern":"^[a-z]+$"}},
                 "type":"object","properties":{"name":{"$ref":"#/$defs/name"}}}""";
        schemas.checkSchema(schema);
        assertEquals(List.of(), schemas.violations(schema, "{\"name\":\"abc\"}"));
        assertEquals(1, schemas.violations(schema, "{\"name\":\"ABC\"}").size());
    }
}
