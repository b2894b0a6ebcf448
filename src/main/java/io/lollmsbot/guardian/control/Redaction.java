package io.lollmsbot.guardian.control;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A text with every secret replaced by {@code [REDACTED:<kind>]}.
 *
 * @param findings positions in the original text, in order
 */
public record Redaction(String text, List<SecretFinding> findings) {

    public Redaction {
        findings = List.copyOf(findings);
    }

    public int count() {
        return findings.size();
    }

    public Set<SecretKind> kinds() {
        return findings.stream().map(SecretFinding::kind).collect(Collectors.toUnmodifiableSet());
    }
}
