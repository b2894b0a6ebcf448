package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Input screening for prompt injection and jailbreaks. The text is normalised, an Aho-Corasick pass over all rule
 * keywords selects the candidate rules, and only their patterns run. The same rules run on the leetspeak-folded
 * variants and on readable base64/hex payloads; obfuscation signals are added when they carried a hit.
 * Hits combine by noisy-or: {@code score = 1 - prod(1 - weight)}. Immutable and thread-safe.
 */
public final class InjectionScanner {

    /** The outcome of screening one text. */
    public record Detection(Verdict verdict, double score, List<String> ruleIds, List<String> categories) {}

    private static final Comparator<InjectionRule> STRONGEST_FIRST =
            Comparator.comparingDouble(InjectionRule::weight).reversed().thenComparing(InjectionRule::id);

    /** How far around a folded leet word a match in a leet variant may start or end and still differ from the text. */
    private static final int LEET_MARGIN = 32;
    /** Larger than any lead + reach + keyword length + margin: keyword hits farther from a span cannot touch it. */
    private static final int NEIGHBOURHOOD = 1024;

    private final TextNormalizer normalizer = new TextNormalizer();
    private final List<InjectionRule> rules;
    private final KeywordAutomaton prefilter;
    private final int[][] keywordRules; // keyword index -> rule indexes
    private final int[][] keywordLeads; // keyword index -> lead per rule in keywordRules
    private final int[][] keywordRequiredBy; // keyword index -> rules that require it
    private final boolean[] wordStart; // keyword index -> must start a word
    private final int longestKeyword;
    private final StartFilter[]
            startFilters; // rule -> filter for rules tried from several starts per keyword, else null
    private final double flagThreshold;
    private final double blockThreshold;

    public InjectionScanner(double flagThreshold, double blockThreshold) {
        this(InjectionRules.PATTERNS, flagThreshold, blockThreshold);
    }

    InjectionScanner(List<InjectionRule> rules, double flagThreshold, double blockThreshold) {
        if (!(0 < flagThreshold && flagThreshold <= blockThreshold && blockThreshold <= 1)) {
            throw new IllegalArgumentException("need 0 < flag threshold <= block threshold <= 1");
        }
        this.rules = List.copyOf(rules);
        this.flagThreshold = flagThreshold;
        this.blockThreshold = blockThreshold;
        Map<String, List<int[]>> byKeyword = new LinkedHashMap<>();
        Map<String, List<Integer>> requiredBy = new LinkedHashMap<>();
        for (int r = 0; r < this.rules.size(); r++) {
            for (InjectionRule.Keyword keyword : this.rules.get(r).keywords()) {
                byKeyword
                        .computeIfAbsent(keyword.text(), k -> new ArrayList<>())
                        .add(new int[] {r, keyword.lead()});
            }
            for (String keyword : this.rules.get(r).required()) {
                byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>());
                requiredBy.computeIfAbsent(keyword, k -> new ArrayList<>()).add(r);
            }
        }
        List<String> keywords = new ArrayList<>(byKeyword.keySet());
        this.startFilters = this.rules.stream()
                .map(rule ->
                        rule.keywords().stream().anyMatch(k -> k.lead() > 0) ? StartFilter.of(rule.pattern()) : null)
                .toArray(StartFilter[]::new);
        this.longestKeyword = keywords.stream().mapToInt(String::length).max().orElse(0);
        this.keywordRequiredBy = new int[keywords.size()][];
        this.prefilter = new KeywordAutomaton(keywords, false);
        this.keywordRules = new int[keywords.size()][];
        this.keywordLeads = new int[keywords.size()][];
        this.wordStart = new boolean[keywords.size()];
        for (int k = 0; k < keywords.size(); k++) {
            List<int[]> entries = byKeyword.get(keywords.get(k));
            keywordRules[k] = entries.stream().mapToInt(e -> e[0]).toArray();
            keywordLeads[k] = entries.stream().mapToInt(e -> e[1]).toArray();
            keywordRequiredBy[k] = requiredBy.getOrDefault(keywords.get(k), List.of()).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            wordStart[k] = Character.isLetterOrDigit(keywords.get(k).charAt(0));
        }
    }

    public Detection scan(String raw) {
        TextNormalizer.Normalized normalized = normalizer.normalize(raw);
        boolean[] hit = new boolean[rules.size()];
        boolean variants = !normalized.leetVariants().isEmpty();
        ReadSpans reads =
                variants ? new ReadSpans(rules.size(), normalized.text().length()) : null;
        match(normalized.text(), hit, null, reads);
        boolean any = anyOf(hit);
        Set<InjectionRule> hits = collect(hit, new boolean[rules.size()]);
        if (any && normalized.invisibleChars() > 0) {
            hits.add(InjectionRules.INVISIBLE_CHARS);
        }
        if (any && normalized.homoglyphs() > 0) {
            hits.add(InjectionRules.HOMOGLYPHS);
        }
        for (String variant : normalized.leetVariants()) {
            // a variant differs from the text only in the folded words: look only at matches that touch them
            addWithSignal(
                    hits, hit, match(variant, hit.clone(), normalized.leetTokens(), reads), InjectionRules.LEETSPEAK);
        }
        for (TextNormalizer.DecodedPayload payload : normalizer.decodeEmbedded(raw)) {
            InjectionRule signal = payload.encoding() == TextNormalizer.Encoding.HEX
                    ? InjectionRules.ENCODED_HEX
                    : InjectionRules.ENCODED_BASE64;
            addWithSignal(
                    hits, hit, match(normalizer.normalize(payload.text()).text(), hit.clone(), null, null), signal);
        }
        return detection(hits);
    }

    /** Adds the rules newly hit in {@code found} (a copy of {@code hit} plus new hits), and the signal that explains them. */
    private void addWithSignal(Set<InjectionRule> hits, boolean[] hit, boolean[] found, InjectionRule signal) {
        boolean added = false;
        for (int r = 0; r < found.length; r++) {
            if (found[r] && !hit[r]) {
                hit[r] = true;
                hits.add(rules.get(r));
                added = true;
            }
        }
        if (added) {
            hits.add(signal);
        }
    }

    private Set<InjectionRule> collect(boolean[] hit, boolean[] ignored) {
        Set<InjectionRule> found = new LinkedHashSet<>();
        for (int r = 0; r < hit.length; r++) {
            if (hit[r] && !ignored[r]) {
                found.add(rules.get(r));
            }
        }
        return found;
    }

    private static boolean anyOf(boolean[] flags) {
        for (boolean flag : flags) {
            if (flag) {
                return true;
            }
        }
        return false;
    }

    /**
     * Marks in {@code hit} the rules whose pattern matches {@code text}; rules already marked are skipped. One
     * Aho-Corasick pass finds the keyword occurrences; each candidate rule's pattern is then tried only from the
     * starts its keywords allow, with a region of at most {@code reach} characters (transparent bounds, so word
     * boundaries and look-arounds still see the neighbouring text). With {@code touching} (pairs of [start, end)
     * offsets, sorted), only matches that come within {@value #LEET_MARGIN} characters of one of those spans count.
     * With {@code reads}: on the text itself ({@code touching == null}) the failed attempts and what they read are
     * recorded; on a variant, attempts that read none of the touched spans on the text are not repeated.
     */
    private boolean[] match(String text, boolean[] hit, int[] touching, ReadSpans reads) {
        int length = text.length();
        long[][] starts = new long[rules.size()][];
        int[] counts = new int[rules.size()];
        int[][] required = new int[rules.size()][];
        int[] requiredCounts = new int[rules.size()];
        KeywordAutomaton.Hits onHit = (k, start) -> {
            if (wordStart[k] && start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
                return;
            }
            for (int r : keywordRequiredBy[k]) {
                int[] list = required[r];
                if (list == null) {
                    list = required[r] = new int[8];
                } else if (requiredCounts[r] == list.length) {
                    list = required[r] = java.util.Arrays.copyOf(list, list.length * 2);
                }
                list[requiredCounts[r]++] = start;
            }
            int[] candidates = keywordRules[k];
            for (int c = 0; c < candidates.length; c++) {
                int r = candidates[c];
                if (hit[r]) {
                    continue;
                }
                long[] list = starts[r];
                if (list == null) {
                    list = starts[r] = new long[8];
                } else if (counts[r] == list.length) {
                    list = starts[r] = java.util.Arrays.copyOf(list, list.length * 2);
                }
                // [from, start] as one sortable long
                list[counts[r]++] = ((long) Math.max(0, start - keywordLeads[k][c]) << 32) | start;
            }
        };
        if (touching == null) {
            prefilter.scan(
                    text,
                    reads == null
                            ? onHit
                            : (k, start) -> {
                                reads.addKeyword(
                                        k, start, start + prefilter.keyword(k).length());
                                onHit.hit(k, start);
                            });
        } else {
            // only keyword hits near the touched spans can start a window that touches them
            int from = 0;
            int cursor = 0;
            for (int t = 0; t < touching.length; t += 2) {
                int first = t;
                int low = Math.max(from, touching[t] - NEIGHBOURHOOD);
                int high = Math.min(length, touching[t + 1] + NEIGHBOURHOOD);
                while (t + 2 < touching.length && touching[t + 2] - NEIGHBOURHOOD <= high) {
                    t += 2;
                    high = Math.min(length, touching[t + 1] + NEIGHBOURHOOD);
                }
                if (low < high) {
                    if (reads == null) {
                        prefilter.scan(text, low, high, onHit);
                    } else {
                        cursor = reads.unchangedKeywords(cursor, low, high, touching, prefilter, onHit);
                        scanAroundChanges(text, low, high, touching, first, t, reads, onHit);
                    }
                }
                from = high;
            }
        }
        for (int r = 0; r < rules.size(); r++) {
            if (hit[r] || counts[r] == 0) {
                continue;
            }
            InjectionRule rule = rules.get(r);
            boolean needsRequired = !rule.required().isEmpty();
            if (needsRequired && requiredCounts[r] == 0) {
                continue;
            }
            int[] requiredAt = required[r];
            if (needsRequired) {
                java.util.Arrays.sort(requiredAt, 0, requiredCounts[r]);
            }
            long[] list = starts[r];
            java.util.Arrays.sort(list, 0, counts[r]);
            StartFilter filter = startFilters[r];
            boolean record = reads != null && touching == null;
            ReadSpans.TrackingText tracked = record ? new ReadSpans.TrackingText(text) : null;
            Matcher matcher = rule.pattern()
                    .matcher(record ? tracked : text)
                    .useTransparentBounds(true)
                    .useAnchoringBounds(false);
            int tried = 0; // every start below has been tried
            search:
            for (int i = 0; i < counts[r]; i++) {
                int from = Math.max((int) (list[i] >>> 32), tried);
                int to = (int) list[i];
                if (from > to) {
                    continue;
                }
                tried = to + 1;
                if (touching != null && !touches(touching, reads, length, from, to + rule.reach())) {
                    continue;
                }
                for (int s = from; s <= to; s++) {
                    if (needsRequired && !anyIn(requiredAt, requiredCounts[r], s, s + rule.within())) {
                        continue;
                    }
                    if (filter != null && !filter.mayStart(text, s)) {
                        continue;
                    }
                    if (reads != null && touching != null && reads.failsUnchanged(r, s, touching)) {
                        continue;
                    }
                    matcher.region(s, Math.min(length, s + rule.reach()));
                    if (record) {
                        tracked.reset();
                    }
                    if (matcher.lookingAt()) {
                        hit[r] = true;
                        break search;
                    }
                    if (record) {
                        reads.add(r, s, tracked.low(), tracked.high());
                    }
                }
            }
        }
        return hit;
    }

    /**
     * Reports the keyword occurrences in {@code text[low, high)} that contain a changed position of the spans
     * {@code first..last} (the other occurrences are the text's, see {@link ReadSpans#unchangedKeywords}). Each
     * span is widened by the longest keyword, and overlapping widened spans are scanned once.
     */
    private void scanAroundChanges(
            String text,
            int low,
            int high,
            int[] changed,
            int first,
            int last,
            ReadSpans reads,
            KeywordAutomaton.Hits onHit) {
        KeywordAutomaton.Hits changedOnly = (k, start) -> {
            if (reads.changedIn(changed, start, start + prefilter.keyword(k).length())) {
                onHit.hit(k, start);
            }
        };
        for (int t = first; t <= last; t += 2) {
            int from = Math.max(low, changed[t] - longestKeyword);
            int to = Math.min(high, changed[t + 1] + longestKeyword);
            while (t + 2 <= last && changed[t + 2] - longestKeyword <= to) {
                t += 2;
                to = Math.min(high, changed[t + 1] + longestKeyword);
            }
            prefilter.scan(text, from, to, changedOnly);
        }
    }

    /** Whether one of the first {@code count} sorted positions lies in [from, to]. */
    private static boolean anyIn(int[] sorted, int count, int from, int to) {
        int index = java.util.Arrays.binarySearch(sorted, 0, count, from);
        if (index < 0) {
            index = -index - 1;
        }
        return index < count && sorted[index] <= to;
    }

    /** Whether [from, to) comes within the margin of one of the sorted spans; O(1) with the text's read spans. */
    private static boolean touches(int[] spans, ReadSpans reads, int length, int from, int to) {
        if (reads != null) { // a span within the margin holds a position in [from - margin + 1, to + margin)
            return reads.changedIn(spans, Math.max(0, from - LEET_MARGIN + 1), Math.min(length, to + LEET_MARGIN));
        }
        return touches(spans, from, to);
    }

    /** Whether [from, to) comes within the margin of one of the sorted spans. */
    private static boolean touches(int[] spans, int from, int to) {
        int low = 0;
        int high = spans.length / 2 - 1;
        // first span whose end + margin > from
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (spans[2 * mid + 1] + LEET_MARGIN <= from) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low < spans.length / 2 && spans[2 * low] - LEET_MARGIN < to;
    }

    /** Every rule whose pattern matches anywhere in the normalised text, by a plain full-text search (for tests). */
    Set<String> matchExhaustively(String normalizedText) {
        Set<String> ids = new java.util.TreeSet<>();
        for (InjectionRule rule : rules) {
            if (rule.pattern().matcher(normalizedText).find()) {
                ids.add(rule.id());
            }
        }
        return ids;
    }

    /** The rules the keyword-anchored search finds in the normalised text (for tests). */
    Set<String> matchAnchored(String normalizedText) {
        boolean[] hit = match(normalizedText, new boolean[rules.size()], null, null);
        Set<String> ids = new java.util.TreeSet<>();
        collect(hit, new boolean[rules.size()]).forEach(rule -> ids.add(rule.id()));
        return ids;
    }

    private Detection detection(Set<InjectionRule> hits) {
        double miss = 1.0;
        for (InjectionRule rule : hits) {
            miss *= 1.0 - rule.weight();
        }
        double score = 1.0 - miss;
        Verdict verdict =
                score >= blockThreshold ? Verdict.BLOCK : score >= flagThreshold ? Verdict.FLAG : Verdict.ALLOW;
        List<InjectionRule> ordered = hits.stream().sorted(STRONGEST_FIRST).toList();
        return new Detection(
                verdict,
                score,
                ordered.stream().map(InjectionRule::id).toList(),
                ordered.stream().map(rule -> rule.category().id()).distinct().toList());
    }
}
