package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {

    private static boolean accepted(String json) {
        return JsonLimits.violation(json.getBytes(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void acceptsOrdinaryDocumentsUpToTheDepthLimit() {
        assertTrue(accepted("{\"message\":\"a [ { \\\" \\\\u0000 stays text\",\"n\":[1,{\"b\":[]}]}"));
        int max = JsonLimits.MAX_DEPTH;
        assertTrue(accepted("[".repeat(max) + "]".repeat(max)));
        assertFalse(accepted("[".repeat(max + 1) + "]".repeat(max + 1)));
        assertFalse(accepted("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
    }

    @Test
    void refusesTheNulCharacterEscapedOrRaw() {
        assertFalse(accepted("{\"message\":\"a\\u0000b\"}"));
        assertFalse(accepted("{\"message\":\"a\u0000b\"}"));
        assertTrue(
                accepted("{\"message\":\"a\\u00001\"}".replace("\\u0000", "\\\\u0000")),
                "an escaped backslash is text");
    }

    @Test
    void refusesOverlongStrings() {
        assertFalse(accepted("{\"s\":\"" + "x".repeat(JsonLimits.MAX_STRING_BYTES + 1) + "\"}"));
    }
}
