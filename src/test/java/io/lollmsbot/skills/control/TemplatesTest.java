package io.lollmsbot.skills.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static final Map<String, JsonValue> VALUES = Map.of(
            "topic", Json.createValue("Budget 2027"),
            "minutes", Json.createValue(45),
            "tags", Json.createArrayBuilder().add("a").add("b").build(),
            "steps.1.output", Json.createValue("{\"events\":[]}"));

    @Test
    void aTemplateGetsTheTextOfEachValue() {
        assertEquals(
                "Agenda for Budget 2027 (45 min), tags [\"a\",\"b\"]: {\"events\":[]}",
                Templates.render(
                        "Agenda for {{topic}} ({{ minutes }} min), tags {{tags}}: {{steps.1.output}}", VALUES));
    }

    @Test
    void anAbsentValueRendersAsNothing() {
        assertEquals("Attendees: .", Templates.render("Attendees: {{attendees}}.", VALUES));
    }

    @Test
    void valuesAreNeverEvaluatedAgain() {
        Map<String, JsonValue> values = Map.of("a", Json.createValue("{{b}} $1 \\"), "b", Json.createValue("secret"));
        assertEquals("x {{b}} $1 \\ y", Templates.render("x {{a}} y", values));
    }

    @Test
    void aWholePlaceholderArgumentKeepsItsJsonType() {
        JsonValue mapped = Templates.map(json("""
                {"action":"add","minutes":"{{minutes}}","tags":"{{tags}}","title":"Meeting: {{topic}}",
                 "nested":{"list":["{{topic}}", 3, true]}}"""), VALUES);
        assertEquals(json("""
                {"action":"add","minutes":45,"tags":["a","b"],"title":"Meeting: Budget 2027",
                 "nested":{"list":["Budget 2027", 3, true]}}"""), mapped);
    }

    @Test
    void anArgumentWhoseValueIsAbsentIsLeftOut() {
        assertEquals(
                json("{\"action\":\"list\"}"),
                Templates.map(json("{\"action\":\"list\",\"end\":\"{{end}}\"}"), VALUES));
    }

    @Test
    void referencesAreFoundInTextAndInArguments() {
        assertEquals(
                Set.of("topic", "steps.2.output"),
                Templates.references("{{topic}} and {{ steps.2.output }} but not {topic}"));
        assertEquals(Set.of("a", "b"), Templates.references(json("{\"x\":[\"{{a}}\",{\"y\":\"-{{b}}-\"}],\"z\":1}")));
        assertEquals(2, Templates.stepOf("steps.2.output"));
        assertEquals(0, Templates.stepOf("topic"));
        assertEquals(0, Templates.stepOf("steps.0.output"));
    }
}
