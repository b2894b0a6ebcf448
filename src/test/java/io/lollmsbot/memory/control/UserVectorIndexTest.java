package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Quantisation keeps cosines close, and the sign-bit prefilter of large indexes still finds the nearest vectors. */
class UserVectorIndexTest {

    private static final int DIMENSIONS = TextEmbedder.DIMENSIONS;

    static float[] unit(Random random) {
        float[] vector = new float[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] = (float) random.nextGaussian();
            norm += vector[i] * vector[i];
        }
        for (int i = 0; i < DIMENSIONS; i++) {
            vector[i] /= (float) Math.sqrt(norm);
        }
        return vector;
    }

    static float[] near(float[] base, Random random, double noise) {
        float[] other = unit(random);
        float[] mixed = new float[DIMENSIONS];
        double norm = 0;
        for (int i = 0; i < DIMENSIONS; i++) {
            mixed[i] = (float) (base[i] + noise * other[i]);
            norm += mixed[i] * mixed[i];
        }
        for (int i = 0; i < DIMENSIONS; i++) {
            mixed[i] /= (float) Math.sqrt(norm);
        }
        return mixed;
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void theCodecKeepsCosinesWithinAHundredth() {
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            float[] a = unit(random);
            float[] b = near(a, random, 1.0);
            assertEquals(dot(a, b), dot(a, VectorCodec.decode(VectorCodec.encode(b))), 0.01);
        }
        assertEquals(4 + DIMENSIONS, VectorCodec.encode(unit(random)).length);
    }

    @Test
    void aSmallIndexIsSearchedExactlyBestFirst() {
        Random random = new Random(1);
        UserVectorIndex index = new UserVectorIndex(DIMENSIONS);
        float[] query = unit(random);
        UUID best = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        index.add(1, UUID.randomUUID(), VectorCodec.encode(unit(random)));
        index.add(2, second, VectorCodec.encode(near(query, random, 1.0)));
        index.add(3, best, VectorCodec.encode(near(query, random, 0.3)));
        List<UserVectorIndex.Hit> hits = index.search(query, 2);
        assertEquals(
                List.of(best, second),
                hits.stream().map(UserVectorIndex.Hit::messageId).toList());
        assertTrue(hits.get(0).similarity() > hits.get(1).similarity());
        assertEquals(3, index.lastSeq());
        assertTrue(index.similarity(query, best).isPresent());
        assertTrue(index.similarity(query, UUID.randomUUID()).isEmpty());
    }

    @Test
    void addingTheSameMessageTwiceKeepsOneEntry() {
        Random random = new Random(2);
        UserVectorIndex index = new UserVectorIndex(DIMENSIONS);
        UUID id = UUID.randomUUID();
        index.add(1, id, VectorCodec.encode(unit(random)));
        index.add(5, id, VectorCodec.encode(unit(random)));
        assertEquals(1, index.size());
        assertEquals(5, index.lastSeq());
    }

    @Test
    void aLargeIndexFindsPlantedNeighboursThroughThePrefilter() {
        Random random = new Random(3);
        UserVectorIndex index = new UserVectorIndex(DIMENSIONS);
        long seq = 0;
        for (int i = 0; i < 20_000; i++) {
            index.add(++seq, UUID.randomUUID(), VectorCodec.encode(unit(random)));
        }
        int found = 0;
        for (int q = 0; q < 20; q++) {
            float[] query = unit(random);
            UUID planted = UUID.randomUUID();
            index.add(++seq, planted, VectorCodec.encode(near(query, random, 1.2)));
            if (index.search(query, 8).stream().anyMatch(hit -> hit.messageId().equals(planted))) {
                found++;
            }
        }
        assertEquals(20, found);
    }

    @Test
    void nearDuplicatesOfABetterHitAreLeftOutSoDistinctPassagesFillTheTopK() {
        Random random = new Random(11);
        UserVectorIndex index = new UserVectorIndex(DIMENSIONS);
        float[] query = unit(random);
        float[] repeated = near(query, random, 0.5);
        UUID original = UUID.randomUUID();
        index.add(1, original, VectorCodec.encode(repeated));
        for (int i = 0; i < 5; i++) {
            index.add(2 + i, UUID.randomUUID(), VectorCodec.encode(near(repeated, random, 0.05)));
        }
        UUID distinct = UUID.randomUUID();
        index.add(10, distinct, VectorCodec.encode(near(query, random, 1.5)));

        assertTrue(
                index.search(query, 2).stream().noneMatch(hit -> hit.messageId().equals(distinct)));
        List<UserVectorIndex.Hit> diverse = index.search(query, 2, 0.9);
        assertEquals(2, diverse.size());
        assertEquals(distinct, diverse.get(1).messageId());
        assertTrue(index.overlap(original, diverse.get(0).messageId()).orElseThrow() > 0.9);
        assertTrue(index.overlap(original, distinct).orElseThrow() < 0.9);
        assertTrue(index.overlap(original, UUID.randomUUID()).isEmpty());
    }
}
