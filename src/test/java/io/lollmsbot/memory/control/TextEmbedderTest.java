package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model embeds offline, and related sentences are closer than unrelated ones. */
class TextEmbedderTest {

    private static TextEmbedder embedder;
    private static TokenCounter tokens;

    @BeforeAll
    static void load() {
        embedder = new TextEmbedder(1);
        tokens = new TokenCounter();
    }

    @AfterAll
    static void close() {
        embedder.close();
        tokens.close();
    }

    @Test
    void vectorsHaveUnitLength() {
        float[] vector = embedder.embed("My sister lives in Lisbon.");
        assertEquals(TextEmbedder.DIMENSIONS, vector.length);
        assertEquals(1.0, UserVectorIndexTest.dot(vector, vector), 1e-4);
    }

    @Test
    void aQuestionIsCloserToItsFactThanToAnUnrelatedSentence() {
        float[] fact = embedder.embed("My dog is called Biscuit and he is a beagle.");
        float[] question = embedder.embed("What is the name of my dog?");
        float[] unrelated = embedder.embed("The quarterly tax report is due on Friday.");
        assertTrue(
                UserVectorIndexTest.dot(question, fact) > UserVectorIndexTest.dot(question, unrelated) + 0.2,
                () -> "fact " + UserVectorIndexTest.dot(question, fact) + " vs unrelated "
                        + UserVectorIndexTest.dot(question, unrelated));
    }

    @Test
    void longTextsAreEmbeddedFromTheirBeginning() {
        float[] vector = embedder.embed("word ".repeat(5_000));
        assertEquals(1.0, UserVectorIndexTest.dot(vector, vector), 1e-4);
    }

    @Test
    void tokensAreCountedWithoutTruncation() {
        assertEquals(0, tokens.count(""));
        assertEquals(3, tokens.count("hello big world"));
        assertEquals(5_000, tokens.count("word ".repeat(5_000)));
    }

    @Test
    void aLongTextIsCutBeforeTokenizingWithoutChangingItsEmbedding() {
        String text = "Biscuit the beagle likes long walks by the river. ".repeat(400);
        assertTrue(text.length() > TextEmbedder.MAX_CHARS);
        assertEquals(TextEmbedder.MAX_CHARS, TextEmbedder.leading(text).length());
        assertArrayEquals(embedder.embed(text.substring(0, 2_000)), embedder.embed(text), 1e-6f);
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String text = "a".repeat(TextEmbedder.MAX_CHARS - 1) + "\uD83D\uDE00" + "b".repeat(10);
        String leading = TextEmbedder.leading(text);
        assertEquals(TextEmbedder.MAX_CHARS - 1, leading.length());
        assertTrue(Character.isLowSurrogate(text.charAt(leading.length() + 1)));
    }

    @Test
    void aStoredCountIsUsedAndOnlyATokenizerCountIsStored() {
        assertEquals(7, tokens.count("hello big world", 7));
        assertEquals(3, tokens.count("hello big world", null));
        assertEquals(3, tokens.forStorage("hello big world"));
    }
}
