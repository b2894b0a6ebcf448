package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private static TokenCounter tokens;
    private static HuggingFaceTokenizer reference;

    @BeforeAll
    static void load() {
        tokens = new TokenCounter();
        reference =
                TextEmbedder.tokenizer(Map.of("truncation", "false", "addSpecialTokens", "false", "padding", "false"));
    }

    @AfterAll
    static void close() {
        tokens.close();
        reference.close();
    }

    @Test
    void theIdsAreThoseOfTheTokenizersFullEncoding() {
        List<String> texts = List.of(
                "Hello",
                "What did I tell you about the Lisbon offsite last week?",
                "Ünïcödé, 日本語のテキスト, emoji 🙂 and tabs\tand\nnewlines",
                "word ".repeat(1_000),
                "a");
        for (String text : texts) {
            long[] expected = reference.encode(text).getIds();
            assertArrayEquals(expected, tokens.idsOf(text), text);
            assertEquals(expected.length, tokens.count(text), text);
        }
    }

    @Test
    void countsNoSpecialTokensAndNothingForNoText() {
        assertEquals(1, tokens.count("hello"));
        assertEquals(0, tokens.count(""));
        assertEquals(0, tokens.count(null));
        assertEquals(7, tokens.count("", 7));
    }
}
