package io.lollmsbot.guardian.control;

/**
 * The Guardian's detection engine: input screening for prompt injection and secret redaction for output and tool
 * output. Plain Java, immutable and thread-safe, so one instance serves every request.
 */
public final class GuardianEngine {

    public static final double DEFAULT_FLAG_THRESHOLD = 0.5;
    public static final double DEFAULT_BLOCK_THRESHOLD = 0.8;

    private final InjectionScanner injections;
    private final SecretScanner secrets = new SecretScanner();

    public GuardianEngine() {
        this(DEFAULT_FLAG_THRESHOLD, DEFAULT_BLOCK_THRESHOLD);
    }

    public GuardianEngine(double flagThreshold, double blockThreshold) {
        this.injections = new InjectionScanner(flagThreshold, blockThreshold);
    }

    /** Screens a user input; {@code null} counts as empty text. */
    public ScanResult scanInput(String text) {
        InjectionScanner.Detection detection = injections.scan(text);
        return new ScanResult(detection.verdict(), detection.score(), detection.ruleIds(), detection.categories(),
                secrets.find(text));
    }

    /** Replaces every secret in a model reply or tool output by {@code [REDACTED:<kind>]}. */
    public Redaction redact(String text) {
        return secrets.redact(text);
    }
}
