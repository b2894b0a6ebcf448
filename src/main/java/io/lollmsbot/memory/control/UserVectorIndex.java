package io.lollmsbot.memory.control;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The embeddings of one user's passages held in memory for brute-force search: quantised components
 * (one byte per dimension), each vector's step, and its sign bits (6 longs for 384 dimensions). A search over many
 * vectors first ranks all of them by the Hamming distance of their sign bits to the query's (a popcount per long),
 * then scores the closest {@link #RERANKED} exactly; small indexes are scored exactly throughout. Appends and searches
 * may run concurrently.
 */
public final class UserVectorIndex {

    /** Below this size every vector is scored exactly. */
    static final int EXACT_BELOW = 4_096;
    /** How many Hamming-closest vectors are scored exactly in a large index. */
    static final int RERANKED = 4_096;
    /** At most this many of the best candidates are looked at when near duplicates are left out. */
    static final int DIVERSITY_POOL = 1_024;
    /** Added to a cosine similarity (-1..1) so that its float bits sort like the number. */
    private static final float SCORE_OFFSET = 2f;

    public record Hit(UUID messageId, double similarity) {}

    private final int dimensions;
    private final int words;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private UUID[] ids = new UUID[16];
    private byte[] components;
    private float[] steps = new float[16];
    private long[] signs;
    private final Map<UUID, Integer> positions = new HashMap<>();
    private int size;
    private long lastSeq;

    public UserVectorIndex(int dimensions) {
        this.dimensions = dimensions;
        this.words = (dimensions + 63) / 64;
        this.components = new byte[16 * dimensions];
        this.signs = new long[16 * words];
    }

    /** Adds an encoded vector (see {@link VectorCodec}) stored under sequence number {@code seq}. */
    public void add(long seq, UUID messageId, byte[] encoded) {
        lock.writeLock().lock();
        try {
            if (positions.containsKey(messageId)) {
                lastSeq = Math.max(lastSeq, seq);
                return;
            }
            if (size == ids.length) {
                int capacity = size * 2;
                ids = Arrays.copyOf(ids, capacity);
                steps = Arrays.copyOf(steps, capacity);
                components = Arrays.copyOf(components, capacity * dimensions);
                signs = Arrays.copyOf(signs, capacity * words);
            }
            ids[size] = messageId;
            steps[size] = VectorCodec.step(encoded);
            VectorCodec.components(encoded, components, size * dimensions);
            for (int d = 0; d < dimensions; d++) {
                if (components[size * dimensions + d] > 0) {
                    signs[size * words + d / 64] |= 1L << (d % 64);
                }
            }
            positions.put(messageId, size);
            size++;
            lastSeq = Math.max(lastSeq, seq);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The highest sequence number added so far (0 when empty). */
    public long lastSeq() {
        lock.readLock().lock();
        try {
            return lastSeq;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Bytes held, roughly. */
    public long bytes() {
        lock.readLock().lock();
        try {
            return (long) ids.length * (dimensions + Float.BYTES + words * Long.BYTES + 96);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The cosine similarity of a unit query to one stored passage, if it is indexed. */
    public OptionalDouble similarity(float[] query, UUID messageId) {
        lock.readLock().lock();
        try {
            Integer position = positions.get(messageId);
            return position == null ? OptionalDouble.empty() : OptionalDouble.of(score(query, position));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The {@code k} passages most similar to a unit query, best first. */
    public List<Hit> search(float[] query, int k) {
        return search(query, k, Double.POSITIVE_INFINITY);
    }

    /**
     * The {@code k} passages most similar to a unit query, best first, leaving out near duplicates: a passage whose
     * cosine similarity to a better one already chosen exceeds {@code maxOverlap} is skipped (at most
     * {@link #DIVERSITY_POOL} candidates are looked at).
     */
    public List<Hit> search(float[] query, int k, double maxOverlap) {
        lock.readLock().lock();
        try {
            int[] candidates = size < EXACT_BELOW ? allPositions() : closestBySigns(query);
            return best(query, candidates, k, maxOverlap);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The cosine similarity of two stored passages, if both are indexed. */
    public OptionalDouble overlap(UUID first, UUID second) {
        lock.readLock().lock();
        try {
            Integer a = positions.get(first);
            Integer b = positions.get(second);
            return a == null || b == null ? OptionalDouble.empty() : OptionalDouble.of(overlap(a, b));
        } finally {
            lock.readLock().unlock();
        }
    }

    private int[] allPositions() {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) {
            all[i] = i;
        }
        return all;
    }

    private int[] closestBySigns(float[] query) {
        long[] querySigns = new long[words];
        for (int d = 0; d < dimensions; d++) {
            if (query[d] > 0) {
                querySigns[d / 64] |= 1L << (d % 64);
            }
        }
        short[] distances = new short[size];
        int[] histogram = new int[dimensions + 1];
        for (int i = 0; i < size; i++) {
            int distance = 0;
            int base = i * words;
            for (int w = 0; w < words; w++) {
                distance += Long.bitCount(signs[base + w] ^ querySigns[w]);
            }
            distances[i] = (short) distance;
            histogram[distance]++;
        }
        int limit = 0;
        for (int taken = 0; limit <= dimensions && taken + histogram[limit] <= RERANKED; limit++) {
            taken += histogram[limit];
        }
        int[] picked = new int[RERANKED];
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (distances[i] < limit) {
                picked[count++] = i;
            }
        }
        for (int i = 0; i < size && count < RERANKED; i++) {
            if (distances[i] == limit) {
                picked[count++] = i;
            }
        }
        return Arrays.copyOf(picked, count);
    }

    /**
     * Scores the candidates exactly and keeps the best {@code k} that are no near duplicate of a better one. A
     * candidate's rank key is its score's float bits (offset to be positive, so the bits order like the score) above
     * its index in {@code candidates}, so ranking needs no boxing.
     */
    private List<Hit> best(float[] query, int[] candidates, int k, double maxOverlap) {
        double[] scores = new double[candidates.length];
        long[] ranked = new long[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            scores[i] = score(query, candidates[i]);
            ranked[i] = ((long) Float.floatToIntBits((float) scores[i] + SCORE_OFFSET) << 32) | i;
        }
        Arrays.sort(ranked);
        List<Hit> hits = new ArrayList<>(Math.min(k, candidates.length));
        int[] kept = new int[Math.min(k, candidates.length)];
        for (int r = ranked.length - 1, looked = 0;
                r >= 0 && hits.size() < kept.length && looked < DIVERSITY_POOL;
                r--, looked++) {
            int i = (int) ranked[r];
            if (!nearDuplicate(candidates[i], kept, hits.size(), maxOverlap)) {
                kept[hits.size()] = candidates[i];
                hits.add(new Hit(ids[candidates[i]], scores[i]));
            }
        }
        return hits;
    }

    private boolean nearDuplicate(int position, int[] kept, int count, double maxOverlap) {
        if (maxOverlap >= 1) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (overlap(position, kept[i]) > maxOverlap) {
                return true;
            }
        }
        return false;
    }

    private double overlap(int first, int second) {
        int a = first * dimensions;
        int b = second * dimensions;
        int dot = 0;
        for (int d = 0; d < dimensions; d++) {
            dot += components[a + d] * components[b + d];
        }
        return dot * (double) steps[first] * steps[second];
    }

    private double score(float[] query, int position) {
        int base = position * dimensions;
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int d = 0;
        for (; d + 3 < dimensions; d += 4) {
            s0 += query[d] * components[base + d];
            s1 += query[d + 1] * components[base + d + 1];
            s2 += query[d + 2] * components[base + d + 2];
            s3 += query[d + 3] * components[base + d + 3];
        }
        for (; d < dimensions; d++) {
            s0 += query[d] * components[base + d];
        }
        return (double) (s0 + s1 + s2 + s3) * steps[position];
    }
}
