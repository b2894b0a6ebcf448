package io.lollmsbot.guardian.control;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One detection technique. A rule is tried only when one of its keywords occurs in the normalised text; it hits
 * when its pattern is found there. Signal rules have neither: the scanner raises them from normalisation facts.
 *
 * @param id       stable id reported in results and audit rows, "family.technique"
 * @param weight   probability-like strength in (0, 1) combined by noisy-or
 * @param keywords lower-case literals, at least one of which occurs in every match of the pattern
 */
public record InjectionRule(String id, ThreatCategory category, double weight, List<String> keywords, Pattern pattern) {

    public InjectionRule {
        if (weight <= 0 || weight >= 1) {
            throw new IllegalArgumentException(id + ": weight must be in (0, 1)");
        }
        keywords = List.copyOf(keywords);
    }

    static InjectionRule pattern(String id, ThreatCategory category, double weight, List<String> keywords, String regex) {
        return new InjectionRule(id, category, weight, keywords, Pattern.compile(regex));
    }

    static InjectionRule signal(String id, ThreatCategory category, double weight) {
        return new InjectionRule(id, category, weight, List.of(), null);
    }

    boolean isSignal() {
        return pattern == null;
    }
}
