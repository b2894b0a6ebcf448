package io.lollmsbot.guardian.control;

import java.util.List;

/**
 * The Guardian's decision on one input: the shape of {@code POST /api/v1/admin/guardian/scan} plus where secrets
 * were found (the caller redacts them before storing the text; they do not change the verdict).
 */
public record ScanResult(
        Verdict verdict, double score, List<String> rules, List<String> categories, List<SecretFinding> secrets) {

    public ScanResult {
        rules = List.copyOf(rules);
        categories = List.copyOf(categories);
        secrets = List.copyOf(secrets);
    }
}
