package io.lollmsbot.guardian.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The Guardian's detection engine: input screening for prompt injection (rules, then the optional learned stage)
 * and secret redaction for output and tool output. Plain Java, immutable and thread-safe, so one instance serves
 * every request.
 */
public final class GuardianEngine {

    public static final double DEFAULT_FLAG_THRESHOLD = 0.5;
    public static final double DEFAULT_BLOCK_THRESHOLD = 0.8;
    /** Chosen by cross-validation on the development set (docs/guardian.md); settings may override them. */
    public static final double DEFAULT_MODEL_FLAG_THRESHOLD = 0.67;
    public static final double DEFAULT_MODEL_BLOCK_THRESHOLD = 0.71;

    private final InjectionScanner injections;
    private final LearnedStage learned;
    private final SecretScanner secrets = new SecretScanner();

    /** Rules and the shipped model, default thresholds. */
    public GuardianEngine() {
        this(DEFAULT_FLAG_THRESHOLD, DEFAULT_BLOCK_THRESHOLD, shippedStage());
    }

    /**
     * @param learned the second stage, or {@code null} for the rules alone
     */
    public GuardianEngine(double flagThreshold, double blockThreshold, LearnedStage learned) {
        this.injections = new InjectionScanner(flagThreshold, blockThreshold);
        this.learned = learned;
    }

    public static GuardianEngine rulesOnly() {
        return new GuardianEngine(DEFAULT_FLAG_THRESHOLD, DEFAULT_BLOCK_THRESHOLD, null);
    }

    /** The shipped model with the default model thresholds. */
    public static LearnedStage shippedStage() {
        return new LearnedStage(InjectionModel.shipped(), DEFAULT_MODEL_FLAG_THRESHOLD, DEFAULT_MODEL_BLOCK_THRESHOLD);
    }

    /**
     * Screens a user input; {@code null} counts as empty text. A rule {@code BLOCK} stands without consulting the
     * model; otherwise the model may raise the verdict, and then its probability is the score if higher and
     * {@value LearnedStage#RULE_ID} is among the rules (category {@code prompt-injection} when no rule
     * named one).
     */
    public ScanResult scanInput(String text) {
        InjectionScanner.Detection detection = injections.scan(text);
        Verdict verdict = detection.verdict();
        double score = detection.score();
        List<String> rules = detection.ruleIds();
        List<String> categories = detection.categories();
        if (learned != null && verdict != Verdict.BLOCK) {
            double probability = learned.model().probability(text);
            Verdict raised = learned.raise(verdict, probability);
            if (raised != verdict) {
                verdict = raised;
                score = Math.max(score, probability);
                rules = new ArrayList<>(rules);
                rules.add(LearnedStage.RULE_ID);
                if (categories.isEmpty()) {
                    categories = List.of(ThreatCategory.LEARNED_INJECTION.id());
                }
            }
        }
        return new ScanResult(verdict, score, rules, categories, secrets.find(text));
    }

    /** Replaces every secret in a model reply or tool output by {@code [REDACTED:<kind>]}. */
    public Redaction redact(String text) {
        return secrets.redact(text);
    }
}
