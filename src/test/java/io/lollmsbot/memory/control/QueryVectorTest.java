package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A short question is recalled with its content's embedding added; other messages are embedded once. */
class QueryVectorTest {

    @Test
    void leadingQuestionWordsAreDroppedFromAShortQuestion() {
        assertEquals(Optional.of("my job"), QueryVector.content("What is my job?"));
        assertEquals(
                Optional.of("city is my sister based in"), QueryVector.content("Which city is my sister based in?"));
        assertEquals(Optional.of("I have any pets"), QueryVector.content("do I have any pets?"));
        assertEquals(Optional.of("music do I like"), QueryVector.content("  What kind of music do I like?? "));
    }

    @Test
    void statementsLongMessagesAndBareQuestionWordsAreLeftAlone() {
        assertEquals(Optional.empty(), QueryVector.content("My sister lives in Lisbon."));
        assertEquals(Optional.empty(), QueryVector.content("Whatever happened to the report"));
        assertEquals(Optional.empty(), QueryVector.content("What?"));
        assertEquals(Optional.empty(), QueryVector.content("What is " + "x".repeat(QueryVector.SHORT)));
    }

    @Test
    void theRecallVectorIsTheUnitSumOfBothEmbeddings() {
        List<String> embedded = new ArrayList<>();
        float[] whole = {1, 0};
        float[] vector = QueryVector.of("Where do I work?", whole, text -> {
            embedded.add(text);
            return new float[] {0, 1};
        });
        assertEquals(List.of("I work"), embedded);
        float half = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[] {half, half}, vector, 1e-6f);
    }

    @Test
    void aMessageWithoutQuestionWordsKeepsItsOwnVector() {
        float[] whole = {1, 0};
        assertSame(whole, QueryVector.of("My dog is called Biscuit.", whole, text -> {
            throw new AssertionError("no second embedding expected for " + text);
        }));
    }
}
