package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One detection technique. A rule is tried only where one of its keywords occurs in the normalised text: the
 * pattern is matched ({@code lookingAt}) from each start between {@code keyword.lead} characters before the keyword
 * and the keyword itself, and a match may be at most {@code reach} characters long. So every match of the pattern
 * must contain, at most {@code lead} characters after its start, an occurrence of a keyword that starts a word (is
 * not preceded by a letter or digit) when it begins with a letter or digit. Signal rules have neither keywords nor a
 * pattern: the scanner raises them from normalisation facts.
 *
 * @param id       stable id reported in results and audit rows, "family.technique"
 * @param weight   probability-like strength in (0, 1) combined by noisy-or
 * @param keywords lower-case literals and their lead
 * @param reach    the longest match the rule looks for, in characters
 * @param required when not empty, every match also contains one of these literals (word-start as above) starting
 *                 at most {@code within} characters after the match starts; a start is tried only then
 */
public record InjectionRule(
        String id,
        ThreatCategory category,
        double weight,
        List<Keyword> keywords,
        int reach,
        Pattern pattern,
        List<String> required,
        int within) {

    /** A literal that occurs in every match, at most {@code lead} characters after the match starts. */
    public record Keyword(String text, int lead) {}

    public InjectionRule {
        if (weight <= 0 || weight >= 1) {
            throw new IllegalArgumentException(id + ": weight must be in (0, 1)");
        }
        keywords = List.copyOf(keywords);
        required = List.copyOf(required);
    }

    static InjectionRule pattern(
            String id, ThreatCategory category, double weight, int reach, List<Keyword> keywords, String regex) {
        return new InjectionRule(id, category, weight, keywords, reach, Pattern.compile(regex), List.of(), 0);
    }

    /** A rule whose matches start at a keyword and contain a required literal at most {@code within} chars later. */
    static InjectionRule pattern(
            String id,
            ThreatCategory category,
            double weight,
            int reach,
            List<Keyword> keywords,
            int within,
            List<String> required,
            String regex) {
        return new InjectionRule(id, category, weight, keywords, reach, Pattern.compile(regex), required, within);
    }

    static InjectionRule signal(String id, ThreatCategory category, double weight) {
        return new InjectionRule(id, category, weight, List.of(), 0, null, List.of(), 0);
    }

    /** Keywords that start every match they occur in. */
    static List<Keyword> at(String... words) {
        return lead(0, words);
    }

    /** Keywords that occur at most {@code lead} characters after the start of the match. */
    static List<Keyword> lead(int lead, String... words) {
        return java.util.Arrays.stream(words).map(w -> new Keyword(w, lead)).toList();
    }

    @SafeVarargs
    static List<Keyword> join(List<Keyword>... parts) {
        List<Keyword> all = new ArrayList<>();
        for (List<Keyword> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    boolean isSignal() {
        return pattern == null;
    }
}
