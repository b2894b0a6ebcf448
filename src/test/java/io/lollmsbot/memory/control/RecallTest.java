package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.memory.entity.Passage;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How full-text and vector signals are fused and filtered. */
class RecallTest {

    private static Passage passage(UUID id) {
        return new Passage(id, UUID.randomUUID(), "user", "text", Instant.now(), true);
    }

    @Test
    void fullTextOnlyKeepsEveryMatchBestRankedFirst() {
        Recall recall = new Recall(8, 0.35);
        UUID weak = UUID.randomUUID();
        UUID strong = UUID.randomUUID();
        recall.textHit(new MemoryStore.TextHit(weak, 0.05));
        recall.textHit(new MemoryStore.TextHit(strong, 0.4));
        assertEquals(List.of(strong, weak), recall.candidates());
    }

    @Test
    void withVectorsAWeakKeywordMatchAloneIsDroppedAndSimilarityDecides() {
        Random random = new Random(5);
        float[] query = UserVectorIndexTest.unit(random);
        UUID related = UUID.randomUUID();
        UUID keywordOnly = UUID.randomUUID();
        UserVectorIndex index = new UserVectorIndex(TextEmbedder.DIMENSIONS);
        index.add(1, related, VectorCodec.encode(UserVectorIndexTest.near(query, random, 0.8)));
        index.add(2, keywordOnly, VectorCodec.encode(UserVectorIndexTest.unit(random)));

        Recall recall = new Recall(8, 0.35);
        recall.textHit(new MemoryStore.TextHit(keywordOnly, 0.1));
        recall.vectorSearch(index, query, 8);
        assertEquals(List.of(related), recall.candidates());
        assertTrue(recall.score(related) > 0.35);
    }

    @Test
    void bestKeepsTheLimit() {
        Recall recall = new Recall(1, 0);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        recall.textHit(new MemoryStore.TextHit(first, 0.9));
        recall.textHit(new MemoryStore.TextHit(second, 0.2));
        assertEquals(
                List.of(first),
                recall.best(List.of(passage(second), passage(first))).stream()
                        .map(Passage::messageId)
                        .toList());
    }
}
