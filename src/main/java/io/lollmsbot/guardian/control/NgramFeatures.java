package io.lollmsbot.guardian.control;

import java.util.Arrays;

/**
 * The learned stage's view of a text: hashed character n-grams of 2 to 5 characters taken inside each
 * whitespace-delimited word padded with a space (scikit-learn's {@code char_wb}), plus word unigrams and bigrams of
 * the letter-and-digit words, in {@value #DIMENSION} buckets; values are sublinear term frequencies
 * ({@code 1 + ln count}) scaled to unit length. The text is expected in the {@link TextNormalizer} form (lower case,
 * whitespace collapsed). Stateless and thread-safe.
 */
public final class NgramFeatures {

    public static final int BITS = 18;
    public static final int DIMENSION = 1 << BITS;

    private static final int MIN_N = 2;
    private static final int MAX_N = 5;
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;
    private static final int WORD_SEED = 0x2545F491;
    private static final int BIGRAM_SEED = 0x9E3779B9;

    /** A sparse unit vector: bucket indexes (distinct, unordered) and their values. */
    public record Vector(int[] index, float[] value) {

        public double dot(float[] weights) {
            double sum = 0;
            for (int i = 0; i < index.length; i++) {
                sum += weights[index[i]] * value[i];
            }
            return sum;
        }
    }

    /** {@code 1 + ln(count)} for small counts, the common case. */
    private static final double[] SUBLINEAR = new double[256];

    static {
        for (int c = 1; c < SUBLINEAR.length; c++) {
            SUBLINEAR[c] = 1 + Math.log(c);
        }
    }

    private NgramFeatures() {}

    /** The features of {@code text[from, to)}, each term frequency weighted by {@code idf} (null: 1). */
    public static Vector of(String text, int from, int to, float[] idf) {
        Counter counter = new Counter(Math.max(16, 2 * (to - from)));
        int previousWord = 0;
        boolean hasPrevious = false;
        int i = from;
        while (i < to) {
            while (i < to && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            charGrams(text, start, i, counter);
            // word features on the letter-and-digit runs of the chunk
            int w = start;
            while (w < i) {
                while (w < i && !Character.isLetterOrDigit(text.charAt(w))) {
                    w++;
                }
                int wordStart = w;
                int hash = WORD_SEED;
                while (w < i && Character.isLetterOrDigit(text.charAt(w))) {
                    hash = (hash ^ text.charAt(w)) * FNV_PRIME;
                    w++;
                }
                if (w > wordStart) {
                    counter.add(bucket(hash));
                    if (hasPrevious) {
                        counter.add(bucket((previousWord * 31 + hash) ^ BIGRAM_SEED));
                    }
                    previousWord = hash;
                    hasPrevious = true;
                }
            }
        }
        return counter.toUnitVector(idf);
    }

    /** The n-grams of " word " for n in [MIN_N, MAX_N]. */
    private static void charGrams(String text, int start, int end, Counter counter) {
        int padded = end - start + 2;
        for (int p = 0; p < padded; p++) {
            int hash = FNV_OFFSET;
            for (int n = 1; n <= MAX_N && p + n <= padded; n++) {
                int q = p + n - 1;
                char c = q == 0 || q == padded - 1 ? ' ' : text.charAt(start + q - 1);
                hash = (hash ^ c) * FNV_PRIME;
                if (n >= MIN_N) {
                    counter.add(bucket(hash));
                }
            }
        }
    }

    private static int bucket(int hash) {
        int h = hash ^ (hash >>> 16);
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h & (DIMENSION - 1);
    }

    /** Counts per bucket in an open-addressing table that doubles when half full. */
    private static final class Counter {

        private int[] keys; // bucket + 1; 0 = empty
        private int[] counts;
        private int mask;
        private int size;

        Counter(int expected) {
            int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new int[capacity];
            counts = new int[capacity];
            mask = capacity - 1;
        }

        void add(int bucket) {
            int slot = slot(bucket + 1); // may grow the table: index the new one
            counts[slot]++;
        }

        private int slot(int key) {
            int slot = (key * 0x9E3779B1) >>> 7 & mask;
            while (keys[slot] != 0 && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            if (keys[slot] == 0) {
                if (size >= keys.length / 2) {
                    grow();
                    return slot(key);
                }
                keys[slot] = key;
                size++;
            }
            return slot;
        }

        private void grow() {
            int[] oldKeys = keys;
            int[] oldCounts = counts;
            keys = new int[oldKeys.length * 2];
            counts = new int[oldKeys.length * 2];
            mask = keys.length - 1;
            size = 0;
            for (int s = 0; s < oldKeys.length; s++) {
                if (oldKeys[s] != 0) {
                    int slot = slot(oldKeys[s]);
                    counts[slot] = oldCounts[s];
                }
            }
        }

        Vector toUnitVector(float[] idf) {
            int[] index = new int[size];
            float[] value = new float[size];
            double norm = 0;
            int n = 0;
            for (int slot = 0; slot < keys.length; slot++) {
                if (keys[slot] != 0) {
                    int bucket = keys[slot] - 1;
                    int count = counts[slot];
                    double v = (count < SUBLINEAR.length ? SUBLINEAR[count] : 1 + Math.log(count))
                            * (idf == null ? 1 : idf[bucket]);
                    index[n] = bucket;
                    value[n] = (float) v;
                    norm += v * v;
                    n++;
                }
            }
            if (norm > 0) {
                float scale = (float) (1 / Math.sqrt(norm));
                for (int k = 0; k < n; k++) {
                    value[k] *= scale;
                }
            }
            return new Vector(Arrays.copyOf(index, n), Arrays.copyOf(value, n));
        }
    }
}
