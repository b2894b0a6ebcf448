package io.lollmsbot.embedding.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model embeds offline, and related sentences are closer than unrelated ones. */
class TextEmbedderTest {

    private static TextEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new TextEmbedder(1);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void vectorsHaveUnitLength() {
        float[] vector = embedder.embed("My sister lives in Lisbon.");
        assertEquals(TextEmbedder.DIMENSIONS, vector.length);
        assertEquals(1.0, dot(vector, vector), 1e-4);
    }

    @Test
    void aQuestionIsCloserToItsFactThanToAnUnrelatedSentence() {
        float[] fact = embedder.embed("My dog is called Biscuit and he is a beagle.");
        float[] question = embedder.embed("What is the name of my dog?");
        float[] unrelated = embedder.embed("The quarterly tax report is due on Friday.");
        assertTrue(
                dot(question, fact) > dot(question, unrelated) + 0.2,
                () -> "fact " + dot(question, fact) + " vs unrelated " + dot(question, unrelated));
    }

    @Test
    void longTextsAreEmbeddedFromTheirBeginning() {
        float[] vector = embedder.embed("word ".repeat(5_000));
        assertEquals(1.0, dot(vector, vector), 1e-4);
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
