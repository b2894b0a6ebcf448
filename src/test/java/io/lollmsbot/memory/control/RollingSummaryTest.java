package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Which turns are folded into the summary, counted with the real tokenizer. */
class RollingSummaryTest {

    private static TokenCounter tokens;

    @BeforeAll
    static void load() {
        tokens = new TokenCounter();
    }

    @AfterAll
    static void close() {
        tokens.close();
    }

    private static List<MemoryStore.Turn> newestFirst(int turns, int wordsEach) {
        return newestFirst(turns, wordsEach, null);
    }

    private static List<MemoryStore.Turn> newestFirst(int turns, int wordsEach, Integer storedTokens) {
        List<MemoryStore.Turn> list = new ArrayList<>();
        for (int seq = 1; seq <= turns; seq++) {
            list.add(new MemoryStore.Turn(
                    seq, seq % 2 == 1 ? "user" : "assistant", "word ".repeat(wordsEach), storedTokens));
        }
        Collections.reverse(list);
        return list;
    }

    @Test
    void aHistoryWithinHalfTheBudgetIsNotSummarised() {
        RollingSummary summary = new RollingSummary(null, tokens, null);
        assertTrue(summary.toFold(newestFirst(10, 40), new ContextBudget(1_000)).isEmpty());
    }

    @Test
    void theOldestTurnsAreFoldedAndTheNewestKept() {
        RollingSummary summary = new RollingSummary(null, tokens, null);
        List<MemoryStore.Turn> fold = summary.toFold(newestFirst(20, 100), new ContextBudget(1_000));
        assertEquals(1, fold.get(0).seq(), "oldest first");
        assertTrue(fold.size() <= 6, "at most half a budget per call: " + fold.size());
        int lastFolded = fold.get(fold.size() - 1).seq();
        assertTrue(lastFolded <= 18, "the newest turns stay verbatim");
    }

    @Test
    void storedCountsDecideWhatIsFolded() {
        RollingSummary summary = new RollingSummary(null, tokens, null);
        assertTrue(
                summary.toFold(newestFirst(10, 40, 1), new ContextBudget(1_000)).isEmpty(),
                "short by their stored counts");
        assertEquals(
                1,
                summary.toFold(newestFirst(10, 1, 100), new ContextBudget(1_000))
                        .get(0)
                        .seq(),
                "long by their stored counts");
    }
}
