package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds and redacts credentials, following the gitleaks pipeline: keyword prefilter, regex, Shannon-entropy floor,
 * placeholder allowlist. The secret is the first capturing group that took part in the match, or the whole match.
 * Rules are tried in table order and the first rule to claim a span keeps it. Immutable and thread-safe.
 */
public final class SecretScanner {

    /**
     * @param keywords   lower-case literals, one of which every match contains (the prefilter)
     * @param minEntropy Shannon entropy floor in bits per character of the secret, 0 for none
     */
    private record SecretRule(SecretKind kind, List<String> keywords, Pattern pattern, double minEntropy) {
    }

    /** Values that are placeholders, not secrets, e.g. in documentation ({@code user:password@host}). */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(?:pass(?:word)?|secret|changeme|x+|\\*+|\\.+|<[^>]*>|\\$\\{[^}]*}|\\{\\{[^}]*}}|\\$\\w+|%[\\w()]+s?|\\[[^\\]]*])");

    private static final List<SecretRule> RULES = List.of(
            rule(SecretKind.GCP_SERVICE_ACCOUNT, "service_account",
                    "(?s)\"type\"\\s*:\\s*\"service_account\".{0,2000}?\"private_key\"\\s*:\\s*\"([^\"]{32,})\""
                            + "|\"private_key\"\\s*:\\s*\"([^\"]{32,})\".{0,2000}?\"type\"\\s*:\\s*\"service_account\"", 0),
            rule(SecretKind.PRIVATE_KEY, "private key",
                    "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{16,}?-----END[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----", 0),
            rule(SecretKind.ANTHROPIC_API_KEY, "sk-ant-", "\\bsk-ant-(?:api|admin)?\\d{0,2}-?[A-Za-z0-9_-]{32,}", 3.5),
            rule(SecretKind.OPENROUTER_API_KEY, "sk-or-", "\\bsk-or-(?:v\\d+-)?[A-Za-z0-9]{32,}", 3.0),
            rule(SecretKind.OPENAI_API_KEY, "sk-", "\\bsk-(?!ant-|or-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,}", 3.5),
            rule(SecretKind.HUGGINGFACE_TOKEN, "hf_", "\\bhf_[A-Za-z0-9]{30,40}\\b", 3.0),
            rule(SecretKind.GITHUB_TOKEN, "gh|github_pat_", "\\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\\b", 3.0),
            rule(SecretKind.SLACK_TOKEN, "xox", "\\bxox[bpars]-[A-Za-z0-9-]{10,}", 3.0),
            rule(SecretKind.AWS_ACCESS_KEY_ID, "akia|asia", "\\b(?:AKIA|ASIA)[A-Z2-7]{16}\\b", 3.0),
            rule(SecretKind.AWS_SECRET_ACCESS_KEY, "secret",
                    "(?i:aws_?secret_?access_?key|aws_?secret(?:_?key)?|secret_?access_?key)[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", 4.0),
            rule(SecretKind.JWT, "eyj", "\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}", 3.0),
            rule(SecretKind.URL_PASSWORD, "://",
                    "\\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\\s:/@]{1,64}:([^\\s:/@]{1,128})@[^\\s/@]+", 0));

    private static SecretRule rule(SecretKind kind, String keywords, String regex, double minEntropy) {
        return new SecretRule(kind, List.of(keywords.split("\\|")), Pattern.compile(regex), minEntropy);
    }

    public List<SecretFinding> find(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        List<SecretFinding> findings = new ArrayList<>();
        for (SecretRule rule : RULES) {
            if (rule.keywords().stream().noneMatch(lower::contains)) {
                continue;
            }
            Matcher matcher = rule.pattern().matcher(text);
            while (matcher.find()) {
                int group = secretGroup(matcher);
                SecretFinding finding = new SecretFinding(rule.kind(), matcher.start(group), matcher.end(group));
                String value = matcher.group(group);
                if (entropy(value) >= rule.minEntropy() && !PLACEHOLDER.matcher(value).matches() && !overlaps(findings, finding)) {
                    findings.add(finding);
                }
            }
        }
        findings.sort(Comparator.comparingInt(SecretFinding::start));
        return List.copyOf(findings);
    }

    public Redaction redact(String text) {
        List<SecretFinding> findings = find(text);
        if (findings.isEmpty()) {
            return new Redaction(text == null ? "" : text, findings);
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (SecretFinding finding : findings) {
            out.append(text, copied, finding.start()).append("[REDACTED:").append(finding.kind().id()).append(']');
            copied = finding.end();
        }
        return new Redaction(out.append(text, copied, text.length()).toString(), findings);
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        Map<Integer, Long> counts = value.chars().boxed().collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        double bits = 0;
        for (long count : counts.values()) {
            double p = (double) count / value.length();
            bits -= p * Math.log(p) / Math.log(2);
        }
        return bits;
    }

    private static int secretGroup(Matcher matcher) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                return group;
            }
        }
        return 0;
    }

    private static boolean overlaps(List<SecretFinding> findings, SecretFinding candidate) {
        return findings.stream().anyMatch(f -> f.start() < candidate.end() && candidate.start() < f.end());
    }
}
