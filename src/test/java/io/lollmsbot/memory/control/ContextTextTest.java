package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.memory.entity.Passage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContextTextTest {

    private static TokenCounter tokens;

    @BeforeAll
    static void loadTokenizer() {
        tokens = new TokenCounter();
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    private static Passage stored(String role, String content) {
        return new Passage(
                UUID.randomUUID(),
                UUID.randomUUID(),
                role,
                content,
                Instant.parse("2026-11-02T10:15:30Z"),
                true,
                tokens.forStorage(content));
    }

    @Test
    void passagesWithStoredCountsAreNotTokenizedAgainAndCostWhatTheirTextCounts() {
        List<Passage> passages = List.of(
                stored("user", "My sister Ingrid moved to Trondheim and works there as a marine biologist."),
                stored("assistant", "Noted:  you're\tallergic to peanuts (and cashews), so no satay recipes!"),
                stored("user", "Our wedding anniversary is on the 14th of June; we met in Zürich in 2009."));
        List<String> counted = new ArrayList<>();

        CountedText memories = ContextText.memories(passages, 1_000, text -> {
            counted.add(text);
            return tokens.count(text);
        });

        assertEquals(tokens.count(memories.text()), memories.tokens(), "the sum is the count of the whole text");
        assertTrue(
                counted.stream().noneMatch(text -> text.contains("Trondheim") || text.contains("peanuts")),
                "stored counts are used: " + counted);
    }

    @Test
    void aCutPassageOrOneWithoutAStoredCountIsCounted() {
        Passage unknown = new Passage(
                UUID.randomUUID(), UUID.randomUUID(), "user", "I drive a blue Volvo.", Instant.now(), true, null);
        Passage cut = stored("user", "word ".repeat(200));

        CountedText memories = ContextText.memories(List.of(unknown, cut), 1_000, tokens::count);

        assertEquals(tokens.count(memories.text()), memories.tokens());
        assertTrue(memories.text().contains("Volvo") && memories.text().contains("…"), memories::text);
    }

    @Test
    void passagesThatDoNotFitTheBudgetAreLeftOut() {
        Passage first = stored("user", "My dog is a beagle called Biscuit.");
        Passage second = stored("user", "I drive a blue 2015 Volvo V70 estate.");
        int oneLine = ContextText.memories(List.of(first), 1_000, tokens::count).tokens();

        CountedText memories = ContextText.memories(List.of(first, second), oneLine, tokens::count);

        assertEquals(oneLine, memories.tokens());
        assertTrue(memories.text().contains("Biscuit") && !memories.text().contains("Volvo"), memories::text);
    }
}
