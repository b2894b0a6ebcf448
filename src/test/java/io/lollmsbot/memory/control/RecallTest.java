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
        return new Passage(id, UUID.randomUUID(), "user", "text", Instant.now(), true, 1);
    }

    private static UserVectorIndex index(UUID first, float[] firstVector, UUID second, float[] secondVector) {
        UserVectorIndex index = new UserVectorIndex();
        index.add(1, first, VectorCodec.encode(firstVector));
        index.add(2, second, VectorCodec.encode(secondVector));
        return index;
    }

    private static List<UUID> ids(List<Passage> passages) {
        return passages.stream().map(Passage::messageId).toList();
    }

    @Test
    void fullTextOnlyKeepsEveryMatchBestRankedFirst() {
        Recall recall = new Recall(8, 0.35);
        UUID weak = UUID.randomUUID();
        UUID strong = UUID.randomUUID();
        UUID vectorOnly = UUID.randomUUID();
        recall.textRank(weak, 0.05);
        recall.textRank(strong, 0.4);
        recall.textRank(vectorOnly, 0);
        assertEquals(
                List.of(strong, weak), ids(recall.best(List.of(passage(weak), passage(vectorOnly), passage(strong)))));
    }

    @Test
    void withVectorsAWeakKeywordMatchAloneIsDroppedAndSimilarityDecides() {
        Random random = new Random(5);
        float[] query = UserVectorIndexTest.unit(random);
        UUID related = UUID.randomUUID();
        UUID keywordOnly = UUID.randomUUID();
        UserVectorIndex index = index(
                related, UserVectorIndexTest.near(query, random, 0.8), keywordOnly, UserVectorIndexTest.unit(random));

        Recall recall = new Recall(8, 0.35);
        assertEquals(List.of(related), recall.vectorSearch(index, query, 1));
        recall.textRank(keywordOnly, 0.1);
        recall.textRank(related, 0);
        assertEquals(List.of(related), ids(recall.best(List.of(passage(keywordOnly), passage(related)))));
        assertTrue(recall.score(related) > 0.35);
    }

    @Test
    void bestKeepsTheLimit() {
        Recall recall = new Recall(1, 0);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        recall.textRank(first, 0.9);
        recall.textRank(second, 0.2);
        assertEquals(List.of(first), ids(recall.best(List.of(passage(second), passage(first)))));
    }

    @Test
    void wordsThatMatchEveryScannedPassageAddNothingRareWordsAddUpToHalfTheirRank() {
        Random random = new Random(7);
        float[] query = UserVectorIndexTest.unit(random);
        UUID closer = UUID.randomUUID();
        UUID keyword = UUID.randomUUID();
        UserVectorIndex index = index(
                closer,
                UserVectorIndexTest.near(query, random, 0.2),
                keyword,
                UserVectorIndexTest.near(query, random, 0.3));

        Recall common = new Recall(8, 0);
        common.vectorSearch(index, query, 2);
        common.textMatches(256, 256);
        common.textRank(keyword, 1);
        assertEquals(List.of(closer, keyword), ids(common.best(List.of(passage(keyword), passage(closer)))));

        Recall rare = new Recall(8, 0);
        rare.vectorSearch(index, query, 2);
        rare.textMatches(1, 256);
        rare.textRank(keyword, 1);
        double similarity = index.similarity(query, keyword).orElseThrow();
        assertEquals(similarity, common.score(keyword), 1e-9);
        assertEquals(similarity + 0.5 * 255 / 256, rare.score(keyword), 1e-9);
        assertTrue(rare.score(keyword) > rare.score(closer));
    }

    @Test
    void aNearDuplicateOfABetterPassageIsNotRecalledTwice() {
        Random random = new Random(3);
        float[] query = UserVectorIndexTest.unit(random);
        float[] said = UserVectorIndexTest.near(query, random, 0.3);
        UUID first = UUID.randomUUID();
        UUID again = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UserVectorIndex index = index(first, said, again, UserVectorIndexTest.near(said, random, 0.05));
        index.add(3, other, VectorCodec.encode(UserVectorIndexTest.near(query, random, 1.2)));

        Recall plain = new Recall(2, 0);
        plain.vectorSearch(index, query, 3);
        List<Passage> resolved = List.of(passage(other), passage(again), passage(first));
        assertEquals(2, plain.best(resolved).size());
        assertTrue(ids(plain.best(resolved)).containsAll(List.of(first, again)));

        Recall diverse = new Recall(2, 0, 0.9);
        diverse.vectorSearch(index, query, 3);
        diverse.textRank(again, 0.5);
        List<UUID> recalled = ids(diverse.best(resolved));
        assertEquals(2, recalled.size());
        assertEquals(other, recalled.get(1));
    }
}
