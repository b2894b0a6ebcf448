package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small Aho-Corasick automaton over UTF-16 chars: one left-to-right pass reports every occurrence of every keyword.
 * Transitions for ASCII are a dense table (complete DFA); other chars use a map and the failure links. Optionally
 * folds ASCII upper case, so raw text can be scanned without a lower-cased copy. Immutable and thread-safe.
 */
final class KeywordAutomaton {

    /** Receives one occurrence: the keyword's index in the list given to the constructor, and where it starts. */
    @FunctionalInterface
    interface Hits {
        void hit(int keyword, int start);
    }

    private static final int ASCII = 128;

    private final String[] keywords;
    private final int[] ascii; // state * ASCII + c -> next state (complete)
    private final Map<Long, Integer> other; // (state << 16 | c) -> next state (goto only)
    private final int[] fail;
    private final int[][] out; // keyword indexes ending in each state, including via failure links
    private final boolean[] emits; // out[state].length > 0, so most chars skip loading the out row
    private final boolean foldAsciiCase;

    KeywordAutomaton(List<String> keywordList, boolean foldAsciiCase) {
        this.keywords = keywordList.toArray(String[]::new);
        this.foldAsciiCase = foldAsciiCase;
        List<int[]> asciiGoto = new ArrayList<>();
        Map<Long, Integer> otherGoto = new HashMap<>();
        List<List<Integer>> outputs = new ArrayList<>();
        asciiGoto.add(filled(-1));
        outputs.add(new ArrayList<>());
        for (int k = 0; k < keywords.length; k++) {
            String keyword = foldAsciiCase ? lowerAscii(keywords[k]) : keywords[k];
            if (keyword.isEmpty()) {
                throw new IllegalArgumentException("empty keyword");
            }
            int state = 0;
            for (int i = 0; i < keyword.length(); i++) {
                char c = keyword.charAt(i);
                int next = c < ASCII ? asciiGoto.get(state)[c] : otherGoto.getOrDefault(key(state, c), -1);
                if (next < 0) {
                    next = asciiGoto.size();
                    asciiGoto.add(filled(-1));
                    outputs.add(new ArrayList<>());
                    if (c < ASCII) {
                        asciiGoto.get(state)[c] = next;
                    } else {
                        otherGoto.put(key(state, c), next);
                    }
                }
                state = next;
            }
            outputs.get(state).add(k);
        }
        int states = asciiGoto.size();
        int[] failure = new int[states];
        int[] table = new int[states * ASCII];
        // breadth-first: failure links, complete ASCII transitions, merged outputs
        int[] queue = new int[states];
        int head = 0;
        int tail = 0;
        for (int c = 0; c < ASCII; c++) {
            int next = asciiGoto.get(0)[c];
            table[c] = Math.max(next, 0);
            if (next > 0) {
                failure[next] = 0;
                queue[tail++] = next;
            }
        }
        Map<Integer, List<long[]>> otherChildren = new HashMap<>();
        otherGoto.forEach((k, next) -> otherChildren
                .computeIfAbsent((int) (k >>> 16), s -> new ArrayList<>())
                .add(new long[] {k & 0xFFFF, next}));
        for (long[] child : otherChildren.getOrDefault(0, List.of())) {
            failure[(int) child[1]] = 0;
            queue[tail++] = (int) child[1];
        }
        while (head < tail) {
            int state = queue[head++];
            outputs.get(state).addAll(outputs.get(failure[state]));
            for (int c = 0; c < ASCII; c++) {
                int next = asciiGoto.get(state)[c];
                if (next > 0) {
                    failure[next] = table[failure[state] * ASCII + c];
                    table[state * ASCII + c] = next;
                    queue[tail++] = next;
                } else {
                    table[state * ASCII + c] = table[failure[state] * ASCII + c];
                }
            }
            for (long[] child : otherChildren.getOrDefault(state, List.of())) {
                int next = (int) child[1];
                failure[next] = step(failure[state], (char) child[0], table, otherGoto, failure);
                queue[tail++] = next;
            }
        }
        this.ascii = table;
        this.other = Map.copyOf(otherGoto);
        this.fail = failure;
        this.out = new int[states][];
        this.emits = new boolean[states];
        for (int s = 0; s < states; s++) {
            out[s] = outputs.get(s).stream()
                    .mapToInt(Integer::intValue)
                    .distinct()
                    .toArray();
            emits[s] = out[s].length > 0;
        }
    }

    String keyword(int index) {
        return keywords[index];
    }

    int size() {
        return keywords.length;
    }

    /** Reports every keyword occurrence in {@code text[from, to)}, in order of end position. */
    void scan(CharSequence text, int from, int to, Hits hits) {
        int state = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < ASCII) {
                if (foldAsciiCase && c >= 'A' && c <= 'Z') {
                    c += 'a' - 'A';
                }
                state = ascii[state * ASCII + c];
            } else {
                state = step(state, c, ascii, other, fail);
            }
            if (emits[state]) {
                for (int k : out[state]) {
                    hits.hit(k, i + 1 - keywords[k].length());
                }
            }
        }
    }

    void scan(CharSequence text, Hits hits) {
        scan(text, 0, text.length(), hits);
    }

    private static int step(int state, char c, int[] table, Map<Long, Integer> other, int[] fail) {
        if (c < ASCII) {
            return table[state * ASCII + c];
        }
        while (true) {
            Integer next = other.get(key(state, c));
            if (next != null) {
                return next;
            }
            if (state == 0) {
                return 0;
            }
            state = fail[state];
        }
    }

    private static long key(int state, char c) {
        return ((long) state << 16) | c;
    }

    private static int[] filled(int value) {
        int[] row = new int[ASCII];
        java.util.Arrays.fill(row, value);
        return row;
    }

    private static String lowerAscii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }
}
