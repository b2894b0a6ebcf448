package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and redacts credentials, following the gitleaks pipeline: keyword prefilter, regex, Shannon-entropy floor,
 * placeholder allowlist. One case-insensitive Aho-Corasick pass finds the literal prefixes every kind starts with
 * ({@code sk-}, {@code AKIA}, {@code ghp_}, {@code -----BEGIN}, {@code eyJ}, {@code ://}, {@code lb_}, {@code Bearer},
 * {@code password=}, ...), and each pattern is
 * only tried ({@code lookingAt}) where its prefix occurs, so the cost grows with the number of candidates, not with
 * the number of kinds times the text. The secret is the first capturing group that took part in the match, or the
 * whole match. Rules are tried in table order and the first rule to claim a span keeps it. Immutable and thread-safe.
 */
public final class SecretScanner {

    /** Where a match starts relative to a prefix occurrence. */
    private enum Anchor {
        /** at the prefix */
        PREFIX,
        /** at the URL scheme that ends just before the {@code ://} prefix */
        URL_SCHEME
    }

    /**
     * @param prefixes   literals (matched ignoring ASCII case) at which every match starts
     * @param minEntropy Shannon entropy floor in bits per character of the secret, 0 for none
     */
    private record SecretRule(
            SecretKind kind, List<String> prefixes, Anchor anchor, Pattern pattern, double minEntropy) {}

    /** Values that are placeholders, not secrets, e.g. in documentation ({@code user:password@host}). */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i)(?:pass(?:word)?|secret|changeme|x+|\\*+|\\.+|<[^>]*>|\\$\\{[^}]*}|\\{\\{[^}]*}}|\\$\\w+|%[\\w()]+s?|\\[[^\\]]*])");

    private static final String SERVICE_ACCOUNT = "\"service_account\"";
    private static final Pattern PEM_HEADER = Pattern.compile("-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----");
    private static final int URL_SCHEME_MAX = 21;

    private static final List<SecretRule> RULES = List.of(
            rule(
                    SecretKind.GCP_SERVICE_ACCOUNT,
                    "\"type\"|\"private_key\"",
                    "(?s)\"type\"\\s*+:\\s*+\"service_account\".{0,2000}?\"private_key\"\\s*+:\\s*+\"([^\"]{32,}+)\""
                            + "|\"private_key\"\\s*+:\\s*+\"([^\"]{32,}+)\".{0,2000}?\"type\"\\s*+:\\s*+\"service_account\"",
                    0),
            rule(
                    SecretKind.PRIVATE_KEY,
                    "-----begin",
                    "-----BEGIN[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----[\\s\\S]{16,}?-----END[ A-Z0-9]{0,20}PRIVATE KEY(?: BLOCK)?-----",
                    0),
            rule(SecretKind.ANTHROPIC_API_KEY, "sk-ant-", "\\bsk-ant-(?:api|admin)?\\d{0,2}-?[A-Za-z0-9_-]{32,}", 3.5),
            rule(SecretKind.OPENROUTER_API_KEY, "sk-or-", "\\bsk-or-(?:v\\d+-)?[A-Za-z0-9]{32,}", 3.0),
            rule(
                    SecretKind.OPENAI_API_KEY,
                    "sk-",
                    "\\bsk-(?!ant-|or-)(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{32,}",
                    3.5),
            rule(SecretKind.HUGGINGFACE_TOKEN, "hf_", "\\bhf_[A-Za-z0-9]{30,40}\\b", 3.0),
            rule(
                    SecretKind.GITHUB_TOKEN,
                    "ghp_|gho_|ghu_|ghs_|ghr_|github_pat_",
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\\b",
                    3.0),
            rule(SecretKind.SLACK_TOKEN, "xoxb-|xoxp-|xoxa-|xoxr-|xoxs-", "\\bxox[bpars]-[A-Za-z0-9-]{10,}", 3.0),
            // gitleaks' older, wider form: key ids seen in the wild are not always base32 (AKIAZ7QW3ERT5YUI8OPA)
            rule(
                    SecretKind.AWS_ACCESS_KEY_ID,
                    "akia|asia|abia|acca|a3t",
                    "\\b(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\\b",
                    3.0),
            rule(
                    SecretKind.AWS_SECRET_ACCESS_KEY,
                    "aws|secret",
                    "(?i:aws_?secret_?access_?key|aws_?secret(?:_?key)?|secret_?access_?key)[\"']?\\s*+[:=]\\s*+[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])",
                    4.0),
            rule(SecretKind.GCP_API_KEY, "aiza", "\\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])", 3.0),
            rule(
                    SecretKind.STRIPE_TOKEN,
                    "sk_live_|sk_test_|rk_live_|rk_test_|sk_prod_|rk_prod_",
                    "\\b[rs]k_(?:live|test|prod)_[A-Za-z0-9]{10,99}\\b",
                    3.0),
            rule(SecretKind.NPM_TOKEN, "npm_", "\\bnpm_[A-Za-z0-9]{36}\\b", 3.0),
            rule(SecretKind.PYPI_TOKEN, "pypi-", "\\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}", 3.0),
            rule(
                    SecretKind.SENDGRID_TOKEN,
                    "sg.",
                    "\\bSG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])",
                    3.0),
            rule(SecretKind.DIGITALOCEAN_TOKEN, "dop_v1_|doo_v1_|dor_v1_", "\\bdo[opr]_v1_[a-f0-9]{64}\\b", 3.0),
            rule(
                    SecretKind.SLACK_WEBHOOK,
                    "hooks.slack.com",
                    "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9+/]{43,56}|T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{20,})",
                    3.0),
            rule(
                    SecretKind.JWT,
                    "eyj",
                    "\\beyJ[A-Za-z0-9_-]{10,}+\\.eyJ[A-Za-z0-9_-]{10,}+\\.[A-Za-z0-9_-]{10,}+",
                    3.0),
            rule(SecretKind.LOLLMSBOT_TOKEN, "lb_", "\\blb_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", 3.0),
            rule(SecretKind.GITLAB_TOKEN, "glpat-|glrt-|gldt-", "\\bgl(?:pat|rt|dt)-[A-Za-z0-9_-]{20,}+", 3.0),
            rule(SecretKind.BEARER_TOKEN, "bearer", "(?i:bearer)[ \\t]++([A-Za-z0-9._~+/-]{16,}+=*+)", 3.0),
            rule(
                    SecretKind.PASSWORD_PARAMETER,
                    "password=|passwd=|pwd=",
                    "(?i:password|passwd|pwd)=([^\\s&;\"'<>]{1,128}+)",
                    0),
            new SecretRule(
                    SecretKind.URL_PASSWORD,
                    List.of("://"),
                    Anchor.URL_SCHEME,
                    Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}://[^\\s:/@]{1,64}:([^\\s:/@]{1,128})@[^\\s/@]+"),
                    0));

    private static final KeywordAutomaton PREFIXES;
    private static final int[][] RULES_OF_PREFIX;
    private static final int SERVICE_ACCOUNT_KEYWORD;
    private static final int PEM_END_KEYWORD;

    static {
        List<String> literals = new ArrayList<>();
        List<List<Integer>> owners = new ArrayList<>();
        for (int r = 0; r < RULES.size(); r++) {
            for (String prefix : RULES.get(r).prefixes()) {
                int index = literals.indexOf(prefix);
                if (index < 0) {
                    literals.add(prefix);
                    owners.add(new ArrayList<>());
                    index = literals.size() - 1;
                }
                owners.get(index).add(r);
            }
        }
        literals.add(SERVICE_ACCOUNT);
        owners.add(List.of());
        SERVICE_ACCOUNT_KEYWORD = literals.size() - 1;
        literals.add("-----end");
        owners.add(List.of());
        PEM_END_KEYWORD = literals.size() - 1;
        PREFIXES = new KeywordAutomaton(literals, true);
        RULES_OF_PREFIX = owners.stream()
                .map(list -> list.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    private static SecretRule rule(SecretKind kind, String prefixes, String regex, double minEntropy) {
        return new SecretRule(kind, List.of(prefixes.split("\\|")), Anchor.PREFIX, Pattern.compile(regex), minEntropy);
    }

    public List<SecretFinding> find(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        int[][] hits = new int[RULES.size()][];
        int[] counts = new int[RULES.size()];
        boolean[] seen = new boolean[2]; // service account marker, PEM end marker
        int[] lastPemEnd = {-1};
        int[] lastServiceAccount = {-1};
        PREFIXES.scan(text, (k, start) -> {
            if (k == SERVICE_ACCOUNT_KEYWORD) {
                seen[0] = true;
                lastServiceAccount[0] = start;
                return;
            }
            if (k == PEM_END_KEYWORD) {
                seen[1] = true;
                lastPemEnd[0] = start;
                return;
            }
            for (int r : RULES_OF_PREFIX[k]) {
                int[] list = hits[r];
                if (list == null) {
                    list = hits[r] = new int[4];
                } else if (counts[r] == list.length) {
                    list = hits[r] = java.util.Arrays.copyOf(list, list.length * 2);
                }
                list[counts[r]++] = start;
            }
        });
        List<SecretFinding> findings = new ArrayList<>();
        for (int r = 0; r < RULES.size(); r++) {
            SecretRule rule = RULES.get(r);
            if (counts[r] == 0
                    || (rule.kind() == SecretKind.GCP_SERVICE_ACCOUNT && !seen[0])
                    || (rule.kind() == SecretKind.PRIVATE_KEY && !seen[1])) {
                continue;
            }
            int[] starts = hits[r];
            java.util.Arrays.sort(starts, 0, counts[r]);
            Matcher matcher =
                    rule.pattern().matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
            int resumeAt = 0; // like Matcher.find: the next match starts at or after the end of the previous one
            for (int i = 0; i < counts[r]; i++) {
                int hit = starts[i];
                int start = rule.anchor() == Anchor.URL_SCHEME ? schemeStart(text, hit, resumeAt) : hit;
                if (start < resumeAt) {
                    continue;
                }
                if (rule.kind() == SecretKind.PRIVATE_KEY && hit > lastPemEnd[0]) {
                    break; // no END marker after this BEGIN
                }
                if (rule.kind() == SecretKind.GCP_SERVICE_ACCOUNT
                        && !gcpCandidate(text, hit, starts, counts[r], lastServiceAccount[0])) {
                    continue;
                }
                matcher.region(start, text.length());
                if (!matcher.lookingAt()) {
                    if (rule.kind() == SecretKind.JWT) {
                        resumeAt = runEnd(text, hit + 3); // every later start in this run fails the same way
                    } else if (rule.kind() == SecretKind.PRIVATE_KEY
                            && PEM_HEADER
                                    .matcher(text)
                                    .region(start, text.length())
                                    .lookingAt()) {
                        break; // a well-formed header without an END: later headers find none either
                    }
                    continue;
                }
                resumeAt = Math.max(matcher.end(), start + 1);
                int group = secretGroup(matcher);
                SecretFinding finding = new SecretFinding(rule.kind(), matcher.start(group), matcher.end(group));
                String value = matcher.group(group);
                if (entropy(value) >= rule.minEntropy()
                        && !PLACEHOLDER.matcher(value).matches()
                        && !overlaps(findings, finding)) {
                    findings.add(finding);
                }
            }
        }
        findings.sort(Comparator.comparingInt(SecretFinding::start));
        return List.copyOf(findings);
    }

    /**
     * A {@code "type"} start needs a {@code "private_key"} at most the pattern's gap (2000) plus the service-account
     * literal later; a {@code "private_key"} start needs a {@code "service_account"} somewhere after it.
     */
    private static boolean gcpCandidate(String text, int hit, int[] sortedHits, int count, int lastServiceAccount) {
        if (text.startsWith("\"private_key\"", hit)) {
            return lastServiceAccount > hit;
        }
        for (int i = java.util.Arrays.binarySearch(sortedHits, 0, count, hit) + 1;
                i < count && sortedHits[i] <= hit + 2100;
                i++) {
            if (text.startsWith("\"private_key\"", sortedHits[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The leftmost start of {@code \\b[a-zA-Z][a-zA-Z0-9+.-]{1,20}} that ends right before {@code ://} at
     * {@code colon}, not before {@code floor}; -1 when there is none.
     */
    private static int schemeStart(String text, int colon, int floor) {
        int low = colon;
        while (low > 0 && colon - (low - 1) <= URL_SCHEME_MAX && isSchemeChar(text.charAt(low - 1))) {
            low--;
        }
        for (int s = Math.max(low, floor); s <= colon - 2; s++) {
            char c = text.charAt(s);
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter && (s == 0 || !isWordChar(text.charAt(s - 1)))) {
                return s;
            }
        }
        return -1;
    }

    private static boolean isSchemeChar(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '.'
                || c == '-';
    }

    private static boolean isWordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** End of the run of base64url characters starting at {@code from}. */
    private static int runEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                break;
            }
            i++;
        }
        return i;
    }

    public Redaction redact(String text) {
        List<SecretFinding> findings = find(text);
        if (findings.isEmpty()) {
            return new Redaction(text == null ? "" : text, findings);
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (SecretFinding finding : findings) {
            out.append(text, copied, finding.start())
                    .append("[REDACTED:")
                    .append(finding.kind().id())
                    .append(']');
            copied = finding.end();
        }
        return new Redaction(out.append(text, copied, text.length()).toString(), findings);
    }

    /** Shannon entropy in bits per character. */
    static double entropy(String value) {
        int length = value.length();
        if (length == 0) {
            return 0;
        }
        int[] counts = new int[128];
        Map<Character, Integer> others = null;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (others == null) {
                    others = new java.util.HashMap<>();
                }
                others.merge(c, 1, Integer::sum);
            }
        }
        double bits = 0;
        for (int count : counts) {
            bits += term(count, length);
        }
        if (others != null) {
            for (int count : others.values()) {
                bits += term(count, length);
            }
        }
        return bits;
    }

    private static double term(int count, int length) {
        if (count == 0) {
            return 0;
        }
        double p = (double) count / length;
        return -p * Math.log(p) / Math.log(2);
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
