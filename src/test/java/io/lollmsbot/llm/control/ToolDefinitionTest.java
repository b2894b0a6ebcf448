package io.lollmsbot.llm.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import org.junit.jupiter.api.Test;

class ToolDefinitionTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{"q":{"type":"string"}},"required":["q"]}""";

    @Test
    void aSchemaParsedOnceDefinesTheSameToolAsItsText() {
        ToolDefinition fromText = ToolDefinition.of("search", "finds", SCHEMA);
        ToolDefinition fromParsed = new ToolDefinition("search", "finds", ToolDefinition.schema(SCHEMA));

        assertEquals(fromText, fromParsed);
        assertEquals(
                "string",
                fromParsed
                        .parameters()
                        .getJsonObject("properties")
                        .getJsonObject("q")
                        .getString("type"));
    }

    @Test
    void aSchemaThatIsNotAJsonObjectIsRefused() {
        assertThrows(JsonException.class, () -> ToolDefinition.schema("[1, 2]"));
    }
}
