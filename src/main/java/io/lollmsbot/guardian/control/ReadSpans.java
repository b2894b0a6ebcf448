package io.lollmsbot.guardian.control;

import java.util.Arrays;

/**
 * What the failed pattern attempts on the normalised text read: per rule, the start of each attempt and the span of
 * characters the matcher looked at (look-arounds included). A regex attempt is a deterministic function of the
 * characters it reads, so a leet variant need not repeat an attempt whose read span holds no folded character: it
 * fails again. Not thread-safe: one instance per scan.
 */
final class ReadSpans {

    /** A view of a string that remembers the lowest and highest index read since the last {@link #reset()}. */
    static final class TrackingText implements CharSequence {
        private final String text;
        private int low;
        private int high;

        TrackingText(String text) {
            this.text = text;
        }

        void reset() {
            low = Integer.MAX_VALUE;
            high = -1;
        }

        int low() {
            return low;
        }

        int high() {
            return high;
        }

        @Override
        public char charAt(int index) {
            low = Math.min(low, index);
            high = Math.max(high, index);
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            low = Math.min(low, start);
            high = Math.max(high, end - 1);
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            low = 0;
            high = text.length() - 1;
            return text;
        }
    }

    private final int[][] starts; // rule -> attempt starts, increasing
    private final long[][] spans; // rule -> (low << 32 | high) read by the attempt at the same index
    private final int[] counts;
    private final int textLength;
    private long[] keywordHits = new long[64]; // (end << 32 | keyword) in the order the automaton reported them
    private int keywordCount;
    private int[] changedSource;
    private int[] changedBefore;

    ReadSpans(int rules, int textLength) {
        this.textLength = textLength;
        starts = new int[rules][];
        spans = new long[rules][];
        counts = new int[rules];
    }

    /** Records a keyword occurrence [start, end) found on the text; ends must not decrease. */
    void addKeyword(int keyword, int start, int end) {
        if (keywordCount == keywordHits.length) {
            keywordHits = Arrays.copyOf(keywordHits, keywordCount * 2);
        }
        keywordHits[keywordCount++] = ((long) end << 32) | keyword;
    }

    /**
     * Reports the keyword occurrences of the text that lie inside [from, to) and contain no changed position: a
     * variant that differs from the text only at the changed positions has exactly these there too. Windows must be
     * given in increasing order, starting with {@code cursor = 0}; returns the cursor for the next window.
     */
    int unchangedKeywords(
            int cursor, int from, int to, int[] changed, KeywordAutomaton keywords, KeywordAutomaton.Hits hits) {
        int[] before = changedBefore(changed);
        int i = cursor;
        while (i < keywordCount && (int) (keywordHits[i] >>> 32) <= from) {
            i++;
        }
        for (; i < keywordCount && (int) (keywordHits[i] >>> 32) <= to; i++) {
            int end = (int) (keywordHits[i] >>> 32);
            int keyword = (int) keywordHits[i];
            int start = end - keywords.keyword(keyword).length();
            if (start >= from && before[end] == before[start]) {
                hits.hit(keyword, start);
            }
        }
        return i;
    }

    /** Whether [from, to) holds a changed position. */
    boolean changedIn(int[] changed, int from, int to) {
        int[] before = changedBefore(changed);
        return before[to] != before[from];
    }

    /** Records a failed attempt; starts must be added in increasing order per rule. */
    void add(int rule, int start, int low, int high) {
        int count = counts[rule];
        if (starts[rule] == null) {
            starts[rule] = new int[16];
            spans[rule] = new long[16];
        } else if (count == starts[rule].length) {
            starts[rule] = Arrays.copyOf(starts[rule], count * 2);
            spans[rule] = Arrays.copyOf(spans[rule], count * 2);
        }
        starts[rule][count] = start;
        spans[rule][count] = ((long) low << 32) | (high & 0xFFFFFFFFL);
        counts[rule] = count + 1;
    }

    /**
     * Whether the attempt of {@code rule} at {@code start} failed on the text and read none of the changed spans
     * (sorted [start, end) pairs, the same array for every call), so it fails on a variant that differs from the text
     * only there.
     */
    boolean failsUnchanged(int rule, int start, int[] changed) {
        if (counts[rule] == 0) {
            return false;
        }
        int index = Arrays.binarySearch(starts[rule], 0, counts[rule], start);
        if (index < 0) {
            return false;
        }
        long span = spans[rule][index];
        int low = (int) (span >> 32);
        int high = (int) span;
        if (high < low) {
            return true;
        }
        int[] before = changedBefore(changed);
        return before[high + 1] == before[low];
    }

    /** Number of changed positions below each index (a prefix count makes each test O(1) instead of a search). */
    private int[] changedBefore(int[] changed) {
        if (changedSource != changed) {
            int[] before = new int[textLength + 1];
            for (int t = 0; t < changed.length; t += 2) {
                before[changed[t]]++;
                before[changed[t + 1]]--;
            }
            // first the +1/-1 steps at span edges, then their running sums (spans inside), then counts below
            int inside = 0;
            int count = 0;
            for (int i = 0; i <= textLength; i++) {
                inside += before[i];
                before[i] = count;
                count += inside;
            }
            changedSource = changed;
            changedBefore = before;
        }
        return changedBefore;
    }
}
