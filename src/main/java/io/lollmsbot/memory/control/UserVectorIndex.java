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
        lock.readLock().lock();
        try {
            int[] candidates = size < EXACT_BELOW ? allPositions() : closestBySigns(query);
            return best(query, candidates, k);
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

    private List<Hit> best(float[] query, int[] candidates, int k) {
        int n = Math.min(k, candidates.length);
        int[] top = new int[n];
        double[] topScores = new double[n];
        int filled = 0;
        for (int position : candidates) {
            double score = score(query, position);
            if (filled < n) {
                insert(top, topScores, filled++, position, score);
            } else if (n > 0 && score > topScores[n - 1]) {
                insert(top, topScores, n - 1, position, score);
            }
        }
        List<Hit> hits = new ArrayList<>(filled);
        for (int i = 0; i < filled; i++) {
            hits.add(new Hit(ids[top[i]], topScores[i]));
        }
        return hits;
    }

    /** Puts a hit into the sorted arrays, overwriting slot {@code free} and moving weaker hits down. */
    private static void insert(int[] top, double[] topScores, int free, int position, double score) {
        int at = free;
        while (at > 0 && topScores[at - 1] < score) {
            top[at] = top[at - 1];
            topScores[at] = topScores[at - 1];
            at--;
        }
        top[at] = position;
        topScores[at] = score;
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
