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
 * (one byte per dimension, eight to a long), each vector's step, and its sign bits (6 longs for 384 dimensions). A
 * search over many vectors first ranks all of them by the Hamming distance of their sign bits to the query's, narrows
 * the closest {@link #SIGN_CANDIDATES} to {@link #RERANKED} by weighted sign agreement (each differing sign costs the
 * query component's magnitude, {@link #closestByWeightedSigns}), and scores those exactly; small indexes are scored
 * exactly throughout. Appends and searches may run concurrently.
 *
 * <p>The server runs with the client compiler only, which neither turns {@link Long#bitCount} into a popcount
 * instruction nor vectorises loops, so both passes do several lanes per 64-bit operation: the Hamming distance adds
 * the bit counts of three words per step (SWAR, {@link #pairCounts}), and the exact scores come from integer dot
 * products that multiply two components per 64-bit multiplication ({@link #dots}). The best of those are scored again
 * in floating point exactly as a plain loop would, so the order and similarities of the hits do not depend on this.
 */
public final class UserVectorIndex {

    /** Below this size every vector is scored exactly. */
    static final int EXACT_BELOW = 4_096;
    /** How many Hamming-closest vectors of a large index are ranked by weighted sign agreement. */
    static final int SIGN_CANDIDATES = 4_096;
    /** How many of those, the best by weighted sign agreement, are scored exactly. */
    static final int RERANKED = 1_024;
    /** At most this many of the best candidates are looked at when near duplicates are left out. */
    static final int DIVERSITY_POOL = 1_024;
    /** How many of the sequence numbers added last are remembered ({@link #recentSeqsAbove}). */
    static final int RECENT = 64;
    /** Added to a cosine similarity (-1..1) so that its float bits sort like the number. */
    private static final float SCORE_OFFSET = 2f;
    /** Each stored component is kept as an unsigned byte, the signed value plus 128 (its top bit flipped). */
    private static final long UNSIGNED = 0x8080808080808080L;
    /** The bytes 0 and 4 of a long, each in its own 32-bit lane. */
    private static final long LANES = 0x000000FF000000FFL;
    /** The query's components are scaled to integers of at most this magnitude for the integer dot products. */
    private static final int QUERY_SCALE = (1 << 21) - 1;

    private static final long ODD_BITS = 0x5555555555555555L;
    private static final long BIT_PAIRS = 0x3333333333333333L;
    private static final long NIBBLES = 0x0f0f0f0f0f0f0f0fL;
    private static final long BYTE_ONES = 0x0101010101010101L;
    /** The bytes 0, 2, 4 and 6 of a long, each in its own 16-bit lane. */
    private static final long BYTE_PAIRS = 0x00ff00ff00ff00ffL;

    private static final long SHORT_ONES = 0x0001000100010001L;
    /** Bit planes of the query's component magnitudes in the weighted sign agreement (eight levels). */
    private static final int WEIGHT_PLANES = 3;

    /** The embedding model's dimensions ({@link TextEmbedder#DIMENSIONS}); the Hamming pass is written for six words. */
    private static final int DIMENSIONS = 384;
    /** Longs of sign bits per vector. */
    private static final int SIGN_WORDS = DIMENSIONS / 64;
    /** Longs of packed components per vector (eight to a long). */
    private static final int PACKED = DIMENSIONS / 8;

    static {
        if (TextEmbedder.DIMENSIONS != DIMENSIONS) {
            throw new IllegalStateException("the vector index is written for " + DIMENSIONS + " dimensions");
        }
    }

    public record Hit(UUID messageId, double similarity) {}

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private UUID[] ids = new UUID[16];
    /** {@link #PACKED} longs per vector: byte k of long j is component 8j + k plus 128. */
    private long[] components;

    private float[] steps = new float[16];
    /** Each vector's unsigned components summed (for the overlaps, {@link #overlap(long[], int, int)}). */
    private int[] unsignedSums = new int[16];

    private long[] signs;
    private final Map<UUID, Integer> positions = new HashMap<>();
    private int size;
    private long lastSeq;
    /** The sequence numbers of the last {@link #RECENT} additions, a ring (0: none). */
    private final long[] recentSeqs = new long[RECENT];
    /** Where the next sequence number goes in {@link #recentSeqs}. */
    private int nextRecent;

    public UserVectorIndex() {
        this.components = new long[16 * PACKED];
        this.signs = new long[16 * SIGN_WORDS];
    }

    /** Adds an encoded vector (see {@link VectorCodec}) stored under sequence number {@code seq}. */
    public void add(long seq, UUID messageId, byte[] encoded) {
        lock.writeLock().lock();
        try {
            recentSeqs[nextRecent] = seq;
            nextRecent = (nextRecent + 1) % RECENT;
            if (positions.containsKey(messageId)) {
                lastSeq = Math.max(lastSeq, seq);
                return;
            }
            if (size == ids.length) {
                int capacity = size * 2;
                ids = Arrays.copyOf(ids, capacity);
                steps = Arrays.copyOf(steps, capacity);
                unsignedSums = Arrays.copyOf(unsignedSums, capacity);
                components = Arrays.copyOf(components, capacity * PACKED);
                signs = Arrays.copyOf(signs, capacity * SIGN_WORDS);
            }
            ids[size] = messageId;
            steps[size] = VectorCodec.step(encoded);
            byte[] values = new byte[DIMENSIONS];
            VectorCodec.components(encoded, values, 0);
            int unsignedSum = 0;
            for (int d = 0; d < DIMENSIONS; d++) {
                unsignedSum += values[d] + 128;
                components[size * PACKED + d / 8] |= (values[d] & 0xffL) << (8 * (d % 8));
                if (values[d] > 0) {
                    signs[size * SIGN_WORDS + d / 64] |= 1L << (d % 64);
                }
            }
            for (int j = size * PACKED; j < (size + 1) * PACKED; j++) {
                components[j] ^= UNSIGNED;
            }
            unsignedSums[size] = unsignedSum;
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

    /** Those of the sequence numbers added last (at most {@link #RECENT}) that are above {@code after}. */
    public long[] recentSeqsAbove(long after) {
        lock.readLock().lock();
        try {
            return Arrays.stream(recentSeqs).filter(seq -> seq > after).toArray();
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
            return (long) ids.length * (DIMENSIONS + Float.BYTES + Integer.BYTES + SIGN_WORDS * Long.BYTES + 96);
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
            if (a == null || b == null) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(overlap(factorsOf(b), b, a));
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
        long[] querySigns = signsOf(query);
        return closestByWeightedSigns(query, querySigns, closestByHamming(querySigns));
    }

    private static long[] signsOf(float[] query) {
        long[] querySigns = new long[SIGN_WORDS];
        for (int d = 0; d < DIMENSIONS; d++) {
            if (query[d] > 0) {
                querySigns[d / 64] |= 1L << (d % 64);
            }
        }
        return querySigns;
    }

    /** The {@link #SIGN_CANDIDATES} vectors closest to the query's sign bits by Hamming distance, in index order. */
    private int[] closestByHamming(long[] querySigns) {
        short[] distances = new short[size];
        int[] histogram = new int[DIMENSIONS + 1];
        hamming(signs, size, querySigns, distances, histogram);
        // all vectors closer than the limit, then those at the limit (in index order) until SIGN_CANDIDATES, in one
        // pass
        int limit = 0;
        int closer = 0;
        for (; limit <= DIMENSIONS && closer + histogram[limit] <= SIGN_CANDIDATES; limit++) {
            closer += histogram[limit];
        }
        int atLimit = limit > DIMENSIONS ? 0 : SIGN_CANDIDATES - closer;
        int[] picked = new int[closer + atLimit];
        for (int i = 0, below = 0, at = closer; i < size; i++) {
            int distance = distances[i];
            if (distance < limit) {
                picked[below++] = i;
            } else if (distance == limit && at < picked.length) {
                picked[at++] = i;
            }
        }
        return picked;
    }

    /**
     * The {@link #RERANKED} candidates whose signs differ from the query's where the query's components are smallest,
     * in index order. A differing sign costs the magnitude of the query's component, rounded to one of eight levels
     * ({@link #WEIGHT_PLANES} bit planes of the level, each a mask over the dimensions: a candidate's cost is the sum
     * over the planes of the differing signs under the plane's mask, times the plane's weight); the lowest cost first,
     * ties to the later candidate. Sign bits alone treat every dimension alike and rank these embeddings poorly
     * (docs/memory.md); weighting them by the query keeps more of the true nearest neighbours among fewer candidates.
     */
    private int[] closestByWeightedSigns(float[] query, long[] querySigns, int[] candidates) {
        if (candidates.length <= RERANKED) {
            return candidates;
        }
        long[] planes = weightPlanes(query);
        long[] keys = new long[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            int base = candidates[c] * SIGN_WORDS;
            long mismatch = byteLaneSum(weightedBytes(signs, base, querySigns, planes, 0))
                    + byteLaneSum(weightedBytes(signs, base + 3, querySigns, planes, 3));
            keys[c] = (-mismatch << 32) | c;
        }
        return top(keys, candidates, RERANKED);
    }

    /**
     * The {@link #WEIGHT_PLANES} bit planes of the query's component magnitudes as levels 0-7 (the largest is 7):
     * {@link #SIGN_WORDS} words per plane, bit d of plane p set when bit p of dimension d's level is.
     */
    private static long[] weightPlanes(float[] query) {
        float largest = 0;
        for (float value : query) {
            largest = Math.max(largest, Math.abs(value));
        }
        int top = (1 << WEIGHT_PLANES) - 1;
        long[] planes = new long[WEIGHT_PLANES * SIGN_WORDS];
        for (int d = 0; largest > 0 && d < DIMENSIONS; d++) {
            int level = Math.round(Math.abs(query[d]) / largest * top);
            for (int p = 0; p < WEIGHT_PLANES; p++) {
                if ((level & (1 << p)) != 0) {
                    planes[p * SIGN_WORDS + d / 64] |= 1L << (d % 64);
                }
            }
        }
        return planes;
    }

    /**
     * The weighted count of differing signs in three words from {@code word}, per byte lane (each at most 3 x 8 x 7 =
     * 168): the planes' bit counts per byte ({@link #pairCounts}, then nibbles to bytes), the second plane's doubled,
     * the third's quadrupled.
     */
    private static long weightedBytes(long[] signs, int base, long[] query, long[] planes, int word) {
        long x0 = signs[base] ^ query[word];
        long x1 = signs[base + 1] ^ query[word + 1];
        long x2 = signs[base + 2] ^ query[word + 2];
        long weighted = 0;
        for (int p = 0, plane = word; p < WEIGHT_PLANES; p++, plane += SIGN_WORDS) {
            long nibbles = pairCounts(x0 & planes[plane])
                    + pairCounts(x1 & planes[plane + 1])
                    + pairCounts(x2 & planes[plane + 2]);
            weighted += ((nibbles & NIBBLES) + ((nibbles >>> 4) & NIBBLES)) << p;
        }
        return weighted;
    }

    /** The sum of the eight byte lanes of a {@link #weightedBytes} result (each lane at most 168). */
    private static long byteLaneSum(long bytes) {
        long lanes = (bytes & BYTE_PAIRS) + ((bytes >>> 8) & BYTE_PAIRS);
        return (lanes * SHORT_ONES) >>> 48;
    }

    /**
     * The Hamming distance of each of {@code count} sign vectors (six words: the model's 384 dimensions) to the
     * query's, and how many vectors have each distance; three words' bit counts are added per step
     * ({@link #pairCounts}, {@link #byteSum}). Unrolled, with the query's words in locals: the client compiler does
     * neither by itself, and this loop runs once per stored vector (2.9 times faster than a loop over the words).
     */
    private static void hamming(long[] signs, int count, long[] query, short[] distances, int[] histogram) {
        long q0 = query[0];
        long q1 = query[1];
        long q2 = query[2];
        long q3 = query[3];
        long q4 = query[4];
        long q5 = query[5];
        for (int i = 0, base = 0; i < count; i++, base += 6) {
            long first =
                    pairCounts(signs[base] ^ q0) + pairCounts(signs[base + 1] ^ q1) + pairCounts(signs[base + 2] ^ q2);
            long second = pairCounts(signs[base + 3] ^ q3)
                    + pairCounts(signs[base + 4] ^ q4)
                    + pairCounts(signs[base + 5] ^ q5);
            int distance = byteSum(first) + byteSum(second);
            distances[i] = (short) distance;
            histogram[distance]++;
        }
    }

    /**
     * The first steps of a popcount (SWAR): the number of set bits of each 4-bit group of {@code x} (at most 4, so
     * the groups of three words can be added before the last step without overflowing).
     */
    private static long pairCounts(long x) {
        long pairs = x - ((x >>> 1) & ODD_BITS);
        return (pairs & BIT_PAIRS) + ((pairs >>> 2) & BIT_PAIRS);
    }

    /** The sum of the 4-bit counts of {@link #pairCounts} (of up to three words). */
    private static int byteSum(long nibbleCounts) {
        long bytes = (nibbleCounts & NIBBLES) + ((nibbleCounts >>> 4) & NIBBLES);
        return (int) ((bytes * BYTE_ONES) >>> 56);
    }

    /**
     * Scores the candidates and keeps the best {@code k} that are no near duplicate of a better one. All candidates
     * are ranked by their integer dot product with the query ({@link #dots}); only the best few of them are scored in
     * floating point and ranked by that, more (four times as many each time) while near duplicates leave fewer than
     * {@code k}.
     */
    private List<Hit> best(float[] query, int[] candidates, int k, double maxOverlap) {
        int pool = Math.max(64, 4 * k);
        if (pool >= candidates.length) {
            return best(query, candidates, k, maxOverlap, true);
        }
        long[] keys = dotKeys(query, candidates);
        for (; pool < candidates.length; pool *= 4) {
            List<Hit> hits = best(query, top(keys, candidates, pool), k, maxOverlap, false);
            if (hits != null) {
                return hits;
            }
        }
        return best(query, candidates, k, maxOverlap, true);
    }

    /**
     * Scores the candidates exactly and keeps the best {@code k} that are no near duplicate of a better one, or
     * returns null when {@code complete} is false and they run out before {@code k} are kept. A candidate's rank key
     * is its score's float bits (offset to be positive, so the bits order like the score) above its index in
     * {@code candidates}, so ranking needs no boxing.
     */
    private List<Hit> best(float[] query, int[] candidates, int k, double maxOverlap, boolean complete) {
        double[] scores = new double[candidates.length];
        long[] ranked = new long[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            scores[i] = score(query, candidates[i]);
            ranked[i] = rankKey(scores[i], i);
        }
        Arrays.sort(ranked);
        List<Hit> hits = new ArrayList<>(Math.min(k, candidates.length));
        int[] kept = new int[Math.min(k, candidates.length)];
        long[][] keptFactors = new long[kept.length][];
        int looked = 0;
        for (int r = ranked.length - 1; r >= 0 && hits.size() < kept.length && looked < DIVERSITY_POOL; r--, looked++) {
            int i = (int) ranked[r];
            if (!nearDuplicate(candidates[i], kept, keptFactors, hits.size(), maxOverlap)) {
                kept[hits.size()] = candidates[i];
                keptFactors[hits.size()] = maxOverlap < 1 ? factorsOf(candidates[i]) : null;
                hits.add(new Hit(ids[candidates[i]], scores[i]));
            }
        }
        return complete || hits.size() == kept.length || looked == DIVERSITY_POOL ? hits : null;
    }

    private static long rankKey(double score, int index) {
        return ((long) Float.floatToIntBits((float) score + SCORE_OFFSET) << 32) | index;
    }

    /** Each candidate's rank key ({@link #rankKey}) by its integer dot product with the query. */
    private long[] dotKeys(float[] query, int[] candidates) {
        float largest = 0;
        for (float value : query) {
            largest = Math.max(largest, Math.abs(value));
        }
        float scale = largest == 0 ? 1 : QUERY_SCALE / largest;
        long[] factors = new long[PACKED * 4];
        long offset = 0;
        for (int j = 0; j < PACKED; j++) {
            for (int b = 0; b < 4; b++) {
                long low = Math.round(query[8 * j + b] * scale);
                long high = Math.round(query[8 * j + b + 4] * scale);
                factors[4 * j + b] = (low << 32) + high;
                offset += 128 * (low + high);
            }
        }
        long[] dots = dots(factors, candidates, candidates.length);
        long[] keys = new long[candidates.length];
        for (int c = 0; c < candidates.length; c++) {
            keys[c] = rankKey((dots[c] - offset) * (steps[candidates[c]] / (double) scale), c);
        }
        return keys;
    }

    /**
     * The {@code count} candidates with the highest keys, in their order in {@code candidates} (so that equal scores
     * rank as they would among all candidates). A min-heap of the best keys so far: most keys fail its first test.
     */
    private static int[] top(long[] keys, int[] candidates, int count) {
        long[] heap = Arrays.copyOf(keys, count);
        for (int parent = count / 2 - 1; parent >= 0; parent--) {
            siftDown(heap, parent);
        }
        for (int i = count; i < keys.length; i++) {
            if (keys[i] > heap[0]) {
                heap[0] = keys[i];
                siftDown(heap, 0);
            }
        }
        int[] best = new int[count];
        for (int i = 0; i < count; i++) {
            best[i] = (int) heap[i];
        }
        Arrays.sort(best);
        for (int i = 0; i < count; i++) {
            best[i] = candidates[best[i]];
        }
        return best;
    }

    private static void siftDown(long[] heap, int from) {
        int parent = from;
        for (int child = 2 * parent + 1; child < heap.length; parent = child, child = 2 * parent + 1) {
            if (child + 1 < heap.length && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[parent] <= heap[child]) {
                return;
            }
            long swap = heap[parent];
            heap[parent] = heap[child];
            heap[child] = swap;
        }
    }

    /** {@link #dots(long[], long[], int, int, int, int, int, long[])} of the first {@code count} positions. */
    private long[] dots(long[] factors, int[] positions, int count) {
        long[] all = new long[count];
        long[] four = new long[4];
        int last = count - 1;
        for (int i = 0; i <= last; i += 4) {
            // four vectors per pass: their memory is read in parallel (most of them miss the cache)
            dots(
                    factors,
                    components,
                    positions[i] * PACKED,
                    positions[Math.min(i + 1, last)] * PACKED,
                    positions[Math.min(i + 2, last)] * PACKED,
                    positions[Math.min(i + 3, last)] * PACKED,
                    PACKED,
                    four);
            System.arraycopy(four, 0, all, i, Math.min(4, count - i));
        }
        return all;
    }

    /**
     * The dot products of four stored vectors' unsigned components (from the offsets in {@code stored}) with the
     * query's scaled integers, each plus the query's integers times 128, into {@code dots}. Each of the
     * {@code factors} holds two query integers, b and b + 4 of a long of components, as {@code low << 32 + high};
     * masking that long's bytes b and b + 4 into two 32-bit lanes and multiplying gives their two products' sum in the
     * upper 32 bits (less at most 1, borrowed by a negative lower product).
     */
    @SuppressWarnings("java:S107") // four vectors at once is the point
    private static void dots(long[] factors, long[] stored, int v0, int v1, int v2, int v3, int lanes, long[] dots) {
        long s0 = 0;
        long s1 = 0;
        long s2 = 0;
        long s3 = 0;
        for (int j = 0, f = 0; j < lanes; j++, f += 4) {
            long x0 = stored[v0 + j];
            long x1 = stored[v1 + j];
            long x2 = stored[v2 + j];
            long x3 = stored[v3 + j];
            // unrolled: the client compiler does not unroll, and shifts by constants are cheaper
            long factor = factors[f];
            s0 += ((x0 & LANES) * factor) >> 32;
            s1 += ((x1 & LANES) * factor) >> 32;
            s2 += ((x2 & LANES) * factor) >> 32;
            s3 += ((x3 & LANES) * factor) >> 32;
            factor = factors[f + 1];
            s0 += (((x0 >>> 8) & LANES) * factor) >> 32;
            s1 += (((x1 >>> 8) & LANES) * factor) >> 32;
            s2 += (((x2 >>> 8) & LANES) * factor) >> 32;
            s3 += (((x3 >>> 8) & LANES) * factor) >> 32;
            factor = factors[f + 2];
            s0 += (((x0 >>> 16) & LANES) * factor) >> 32;
            s1 += (((x1 >>> 16) & LANES) * factor) >> 32;
            s2 += (((x2 >>> 16) & LANES) * factor) >> 32;
            s3 += (((x3 >>> 16) & LANES) * factor) >> 32;
            factor = factors[f + 3];
            s0 += (((x0 >>> 24) & LANES) * factor) >> 32;
            s1 += (((x1 >>> 24) & LANES) * factor) >> 32;
            s2 += (((x2 >>> 24) & LANES) * factor) >> 32;
            s3 += (((x3 >>> 24) & LANES) * factor) >> 32;
        }
        dots[0] = s0;
        dots[1] = s1;
        dots[2] = s2;
        dots[3] = s3;
    }

    /** Whether a stored vector is more similar than {@code maxOverlap} to any of {@code count} kept ones. */
    private boolean nearDuplicate(int position, int[] kept, long[][] keptFactors, int count, double maxOverlap) {
        if (maxOverlap >= 1) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (overlap(keptFactors[i], kept[i], position) > maxOverlap) {
                return true;
            }
        }
        return false;
    }

    /**
     * A stored vector's unsigned components as the factors of {@link #dots} (two to a long, as the query's are
     * in {@link #dotKeys}), for {@link #overlap(long[], int, int)}. Taken once per vector that others are compared
     * with, not once per comparison.
     */
    private long[] factorsOf(int position) {
        long[] factors = new long[PACKED * 4];
        for (int j = 0; j < PACKED; j++) {
            long packed = components[position * PACKED + j];
            for (int b = 0; b < 4; b++) {
                factors[4 * j + b] = (((packed >>> (8 * b)) & 0xff) << 32) + ((packed >>> (8 * b + 32)) & 0xff);
            }
        }
        return factors;
    }

    /**
     * The cosine similarity of the stored vector at {@code position} (its {@link #factorsOf}) to the one at
     * {@code other}: their exact integer dot product times both steps. It is computed like the query's
     * ({@link #dots}), with the unsigned components as the factors (so no product is negative and nothing is
     * borrowed), and corrected for the 128 added to every component: sum((a + 128)(b + 128)) = sum(ab) +
     * 128 sum(a + 128) + 128 sum(b + 128) - dimensions x 128 x 128.
     */
    private double overlap(long[] factors, int position, int other) {
        long unsignedDot = 0;
        for (int j = 0, f = 0, at = other * PACKED; j < PACKED; j++, f += 4) {
            long x = components[at + j];
            unsignedDot += ((x & LANES) * factors[f]) >> 32;
            unsignedDot += (((x >>> 8) & LANES) * factors[f + 1]) >> 32;
            unsignedDot += (((x >>> 16) & LANES) * factors[f + 2]) >> 32;
            unsignedDot += (((x >>> 24) & LANES) * factors[f + 3]) >> 32;
        }
        long dot = unsignedDot - 128 * ((long) unsignedSums[position] + unsignedSums[other]) + 128L * 128 * DIMENSIONS;
        return (int) dot * (double) steps[other] * steps[position];
    }

    /** The cosine similarity in floating point (four sums, component d added to sum d % 4 in order of d). */
    private double score(float[] query, int position) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int j = position * PACKED, d = 0; d < DIMENSIONS; j++, d += 8) {
            long signed = components[j] ^ UNSIGNED;
            s0 += query[d] * (byte) signed;
            s1 += query[d + 1] * (byte) (signed >>> 8);
            s2 += query[d + 2] * (byte) (signed >>> 16);
            s3 += query[d + 3] * (byte) (signed >>> 24);
            s0 += query[d + 4] * (byte) (signed >>> 32);
            s1 += query[d + 5] * (byte) (signed >>> 40);
            s2 += query[d + 6] * (byte) (signed >>> 48);
            s3 += query[d + 7] * (byte) (signed >>> 56);
        }
        return (double) (s0 + s1 + s2 + s3) * steps[position];
    }
}
