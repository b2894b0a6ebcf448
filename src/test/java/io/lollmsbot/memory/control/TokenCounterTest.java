package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tokens are counted with the embedding model's tokenizer, without its truncation. */
class TokenCounterTest {

    @Test
    void tokensAreCountedWithoutTruncation() {
        try (TokenCounter tokens = new TokenCounter()) {
            assertEquals(0, tokens.count(""));
            assertEquals(3, tokens.count("hello big world"));
            assertEquals(5_000, tokens.count("word ".repeat(5_000)));
        }
    }
}
