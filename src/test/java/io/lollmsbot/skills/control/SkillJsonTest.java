package io.lollmsbot.skills.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.common.Problem.FieldError;
import io.lollmsbot.tools.control.JsonSchemas;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SkillJsonTest {

    private final SkillJson skills = new SkillJson(new JsonSchemas());

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    static final String AGENDA = """
            {"name":"agenda","description":"Drafts an agenda","kind":"workflow",
             "parameters":[{"name":"topic","type":"string","required":true,"pattern":"^[A-Za-z0-9 ]+$"},
                           {"name":"minutes","type":"integer","default":30},
                           {"name":"tone","type":"string","enum":["brief","detailed"],"default":"brief"}],
             "steps":[{"tool":"calendar","arguments":{"action":"list"}}],
             "template":"{{tone}} agenda, {{minutes}} min, on {{topic}}: {{steps.1.output}}"}""";

    private Map<String, String> errorsOf(String definition) {
        List<FieldError> errors = new ArrayList<>();
        assertNull(skills.read(json(definition), "", errors), "invalid");
        return errors.stream()
                .collect(Collectors.toMap(FieldError::field, FieldError::message, (a, b) -> a + " | " + b));
    }

    @Test
    void inputSchemaOffersEveryParameterWithItsConstraints() {
        Skill agenda = skills.read(json(AGENDA), "", new ArrayList<>());
        assertEquals(json("""
                        {"type":"object","properties":{
                          "topic":{"type":"string","pattern":"^[A-Za-z0-9 ]+$"},
                          "minutes":{"type":"integer","default":30},
                          "tone":{"type":"string","enum":["brief","detailed"],"default":"brief"}},
                         "required":["topic"],"additionalProperties":false}"""), agenda.inputSchema());
    }

    @Test
    void aValidSkillRoundTripsWithTheDefaultsOfTheContract() {
        List<FieldError> errors = new ArrayList<>();
        Skill skill = skills.read(json(AGENDA), "", errors);
        assertEquals(List.of(), errors);
        assertEquals(Skill.Kind.WORKFLOW, skill.kind());
        assertTrue(skill.enabled());
        assertEquals(List.of("admin"), skill.allowedRoles(), "deny by default");
        assertEquals(skill, skills.read(skills.write(skill), "", errors));
    }

    @Test
    void theIndentedDefinitionHasOneFieldALineAndReadsBack() {
        List<FieldError> errors = new ArrayList<>();
        Skill skill = skills.read(json(AGENDA), "", errors);
        String text = skills.indented(skill);
        List<String> lines = text.lines().map(String::strip).toList();
        assertTrue(lines.contains("\"name\": \"agenda\","), text);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("\"template\": \"{{tone}} agenda")), text);
        assertEquals(skill, skills.read(json(text), "", errors), "the text is the definition");
    }

    @Test
    void everyProblemIsNamedByItsField() {
        Map<String, String> errors = errorsOf("""
                {"name":"Bad Name","kind":"macro","code":"rm -rf /","allowedRoles":["root"],
                 "parameters":[{"name":"1x","type":"text"},{"name":"n","type":"integer","pattern":"x"},
                               {"name":"s","type":"string","pattern":"[unclosed"},
                               {"name":"e","type":"integer","enum":["one"]},{"name":"d","type":"boolean","default":"yes"}]}""");
        assertTrue(errors.get("name").contains("a-z"), errors.toString());
        assertTrue(errors.containsKey("description"), errors.toString());
        assertTrue(errors.get("kind").contains("prompt, tool-chain or workflow"));
        assertEquals("is not a field of a skill", errors.get("code"));
        assertTrue(errors.containsKey("allowedRoles"));
        assertTrue(errors.containsKey("parameters[0].name"));
        assertTrue(errors.containsKey("parameters[0].type"));
        assertTrue(errors.get("parameters[1].pattern").contains("string parameters only"));
        assertTrue(errors.get("parameters[2].pattern").contains("cannot be used"), errors.toString());
        assertTrue(errors.get("parameters[3].enum[0]").contains("integer expected"), errors.toString());
        assertTrue(errors.get("parameters[4].default").contains("boolean expected"), errors.toString());
    }

    @Test
    void theKindDecidesWhatIsNeeded() {
        assertTrue(errorsOf("{\"name\":\"p\",\"description\":\"d\",\"kind\":\"prompt\"}")
                .containsKey("template"));
        assertTrue(errorsOf("{\"name\":\"t\",\"description\":\"d\",\"kind\":\"tool-chain\",\"template\":\"x\"}")
                .containsKey("steps"));
        assertTrue(errorsOf("{\"name\":\"t\",\"description\":\"d\",\"kind\":\"tool-chain\",\"template\":\"x\","
                        + "\"steps\":[{\"tool\":\"calendar\"}]}")
                .containsKey("template"));
    }

    @Test
    void placeholdersMustNameAParameterOrAnEarlierStep() {
        Map<String, String> errors = errorsOf("""
                {"name":"c","description":"d","kind":"workflow",
                 "steps":[{"tool":"calendar","arguments":{"title":"{{steps.1.output}}"}},{"tool":"skill_other"}],
                 "template":"{{nothing}} {{steps.2.output}}"}""");
        assertTrue(errors.get("steps[0].arguments").contains("{{steps.1.output}}"), errors.toString());
        assertTrue(errors.get("steps[1].tool").contains("cannot call a skill"));
        assertTrue(errors.get("template").contains("{{nothing}}"));
        assertEquals(1, errors.get("template").split("\\|").length, "steps.2.output is fine in the template");
    }

    @Test
    void reservedNamesAreRefused() {
        assertTrue(errorsOf("{\"name\":\"export\",\"description\":\"d\",\"kind\":\"prompt\",\"template\":\"x\"}")
                .containsKey("name"));
    }

    @Test
    void inputsGetTheirDefaultsAndPerFieldErrors() {
        Skill skill = skills.read(json(AGENDA), "", new ArrayList<>());
        List<FieldError> errors = new ArrayList<>();
        JsonObject inputs = skills.inputs(skill, json("{\"topic\":\"Budget\"}"), errors);
        assertEquals(List.of(), errors);
        assertEquals(json("{\"topic\":\"Budget\",\"minutes\":30,\"tone\":\"brief\"}"), inputs);

        skills.inputs(
                skill, json("{\"topic\":\"Budget; DROP\",\"minutes\":\"ten\",\"tone\":\"long\",\"extra\":1}"), errors);
        Map<String, String> byField = errors.stream().collect(Collectors.toMap(FieldError::field, FieldError::message));
        assertTrue(byField.get("inputs.topic").contains("pattern"), byField.toString());
        assertTrue(byField.get("inputs.minutes").contains("integer expected"), byField.toString());
        assertTrue(byField.get("inputs.tone").contains("enumeration"), byField.toString());
        assertNotNull(byField.get("inputs.extra"), byField.toString());

        errors.clear();
        skills.inputs(skill, json("{}"), errors);
        assertEquals("inputs.topic", errors.get(0).field());
    }
}
