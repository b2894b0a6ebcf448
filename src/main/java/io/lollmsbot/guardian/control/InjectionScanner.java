package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ahocorasick.trie.Trie;

/**
 * Input screening for prompt injection and jailbreaks. The text is normalised, an Aho-Corasick pass over all rule
 * keywords selects the candidate rules, and only their patterns run. The same rules run on the leetspeak-folded
 * variants and on readable base64/hex payloads; obfuscation signals are added when they carried a hit.
 * Hits combine by noisy-or: {@code score = 1 - prod(1 - weight)}. Immutable and thread-safe.
 */
public final class InjectionScanner {

    /** The outcome of screening one text. */
    public record Detection(Verdict verdict, double score, List<String> ruleIds, List<String> categories) {
    }

    private static final Comparator<InjectionRule> STRONGEST_FIRST =
            Comparator.comparingDouble(InjectionRule::weight).reversed().thenComparing(InjectionRule::id);

    private final TextNormalizer normalizer = new TextNormalizer();
    private final List<InjectionRule> rules;
    private final Map<String, List<InjectionRule>> rulesByKeyword;
    private final Trie prefilter;
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
        Map<String, List<InjectionRule>> byKeyword = new HashMap<>();
        for (InjectionRule rule : this.rules) {
            rule.keywords().forEach(keyword -> byKeyword.computeIfAbsent(keyword, k -> new ArrayList<>()).add(rule));
        }
        byKeyword.replaceAll((keyword, list) -> List.copyOf(list));
        this.rulesByKeyword = Map.copyOf(byKeyword);
        this.prefilter = Trie.builder().addKeywords(byKeyword.keySet()).build();
    }

    public Detection scan(String raw) {
        TextNormalizer.Normalized normalized = normalizer.normalize(raw);
        Set<InjectionRule> hits = match(normalized.text());
        if (!hits.isEmpty() && normalized.invisibleChars() > 0) {
            hits.add(InjectionRules.INVISIBLE_CHARS);
        }
        if (!hits.isEmpty() && normalized.homoglyphs() > 0) {
            hits.add(InjectionRules.HOMOGLYPHS);
        }
        for (String variant : normalized.leetVariants()) {
            addWithSignal(hits, match(variant), InjectionRules.LEETSPEAK);
        }
        for (TextNormalizer.DecodedPayload payload : normalizer.decodeEmbedded(raw)) {
            InjectionRule signal = payload.encoding() == TextNormalizer.Encoding.HEX
                    ? InjectionRules.ENCODED_HEX : InjectionRules.ENCODED_BASE64;
            addWithSignal(hits, match(normalizer.normalize(payload.text()).text()), signal);
        }
        return detection(hits);
    }

    /** Adds the hits not already found, and the signal that explains why they were missed before. */
    private static void addWithSignal(Set<InjectionRule> hits, Set<InjectionRule> found, InjectionRule signal) {
        found.removeAll(hits);
        if (!found.isEmpty()) {
            hits.addAll(found);
            hits.add(signal);
        }
    }

    private Set<InjectionRule> match(String text) {
        Set<InjectionRule> candidates = new HashSet<>();
        prefilter.parseText(text, emit -> candidates.addAll(rulesByKeyword.get(emit.getKeyword())));
        Set<InjectionRule> hits = new LinkedHashSet<>();
        for (InjectionRule rule : rules) {
            if (candidates.contains(rule) && rule.pattern().matcher(text).find()) {
                hits.add(rule);
            }
        }
        return hits;
    }

    private Detection detection(Set<InjectionRule> hits) {
        double miss = 1.0;
        for (InjectionRule rule : hits) {
            miss *= 1.0 - rule.weight();
        }
        double score = 1.0 - miss;
        Verdict verdict = score >= blockThreshold ? Verdict.BLOCK : score >= flagThreshold ? Verdict.FLAG : Verdict.ALLOW;
        List<InjectionRule> ordered = hits.stream().sorted(STRONGEST_FIRST).toList();
        return new Detection(verdict, score,
                ordered.stream().map(InjectionRule::id).toList(),
                ordered.stream().map(rule -> rule.category().id()).distinct().toList());
    }
}
