package io.lollmsbot.guardian.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Guardian pillar: screens what users send, redacts secrets from what they and the model would see, and
 * authorises tool calls.
 * Read-locked (the engine is immutable); thresholds are settings read at every call, and the engine is rebuilt
 * only when they change.
 */
@Singleton
@Lock(LockType.READ)
public class Guardian {

    static final String FLAG_THRESHOLD = "lollmsbot.guardian.flag-threshold";
    static final String BLOCK_THRESHOLD = "lollmsbot.guardian.block-threshold";

    @Inject
    Config config;

    @Inject
    AuditLog audit;

    static final String CONTEXT_POLICY = "lollmsbot.guardian.context-policy";
    static final String MODEL_ENABLED = "lollmsbot.guardian.model-enabled";
    static final String MODEL_FLAG_THRESHOLD = "lollmsbot.guardian.model-flag-threshold";
    static final String MODEL_BLOCK_THRESHOLD = "lollmsbot.guardian.model-block-threshold";

    /** The settings an engine was built for. */
    private record Tuning(double flag, double block, boolean model, double modelFlag, double modelBlock) {
    }

    private record Tuned(Tuning tuning, GuardianEngine engine) {
    }

    private final AtomicReference<Tuned> current = new AtomicReference<>();

    public ScanResult screenInput(String text) {
        return engine().scanInput(text);
    }

    /** The chat path's decision on a text an admin tries out; only the fact, a hash and the length are audited. */
    public ScanResult scan(String actor, String text) {
        ScanResult scan = screenInput(text);
        audit.record(AuditEvent.of(actor, "guardian.scan", "scan")
                .withVerdict(scan.verdict().wireName(), scan.score(), String.join(",", scan.rules()))
                .withContent(AuditChain.sha256(text), text.length()));
        return scan;
    }

    /**
     * Deny by default: a call runs only if its tool is offered now and its arguments pass the same screening as a
     * user's message (arguments come from the model, which may be repeating injected text). Returns the refusal to
     * give the model, audited as {@code tool.refused} with the arguments' hash.
     */
    public Optional<String> authorizeTool(String username, String tool, String arguments, boolean offered) {
        if (!offered) {
            return refuse(username, tool, arguments, null, "Tool '" + tool + "' is not available.");
        }
        ScanResult scan = screenInput(arguments);
        if (scan.verdict() == Verdict.BLOCK) {
            return refuse(username, tool, arguments, scan, "The Guardian refused the arguments of tool '" + tool + "' ("
                    + String.join(", ", scan.categories()) + ").");
        }
        return Optional.empty();
    }

    private Optional<String> refuse(String username, String tool, String arguments, ScanResult scan, String reason) {
        // the name comes from the model: keep the audit target within its column whatever it sent
        String target = tool.length() > 128 ? tool.substring(0, 128) : tool;
        AuditEvent event = AuditEvent.of(username, "tool.refused", target)
                .withContent(AuditChain.sha256(arguments), arguments.length());
        audit.record(scan == null ? event : event.withVerdict(scan.verdict().wireName(), scan.score(), String.join(",", scan.rules())));
        return Optional.of(reason);
    }

    /**
     * Screens a tool result or retrieved memory before it enters the model's context (indirect prompt injection,
     * OWASP LLM01); see {@link GuardianEngine#screenContext}. A blocked or flagged content is audited
     * ({@code guardian.context-blocked} / {@code guardian.context-flagged}, target the source, with the content's
     * hash and length). Returns the text to give the model.
     *
     * @param actor  the user whose turn brings the content
     * @param source e.g. {@code tool:calendar} or {@code memory}
     */
    public ScreenedContext screenContext(String actor, String source, String text) {
        ContextPolicy policy = ContextPolicy.of(config.getOptionalValue(CONTEXT_POLICY, String.class).orElse("refuse"));
        String content = text == null ? "" : text;
        ScreenedContext screened = engine().screenContext(source, content, policy);
        ScanResult scan = screened.scan();
        if (scan.verdict() != Verdict.ALLOW) {
            String type = scan.verdict() == Verdict.BLOCK ? "guardian.context-blocked" : "guardian.context-flagged";
            audit.record(AuditEvent.of(actor, type, source.length() > 128 ? source.substring(0, 128) : source)
                    .withVerdict(scan.verdict().wireName(), scan.score(), String.join(",", scan.rules()))
                    .withContent(AuditChain.sha256(content), content.length()));
        }
        return screened;
    }

    public Redaction redact(String text) {
        return engine().redact(text);
    }

    private GuardianEngine engine() {
        Tuning tuning = new Tuning(setting(FLAG_THRESHOLD, GuardianEngine.DEFAULT_FLAG_THRESHOLD),
                setting(BLOCK_THRESHOLD, GuardianEngine.DEFAULT_BLOCK_THRESHOLD),
                config.getOptionalValue(MODEL_ENABLED, Boolean.class).orElse(true),
                setting(MODEL_FLAG_THRESHOLD, GuardianEngine.DEFAULT_MODEL_FLAG_THRESHOLD),
                setting(MODEL_BLOCK_THRESHOLD, GuardianEngine.DEFAULT_MODEL_BLOCK_THRESHOLD));
        Tuned tuned = current.get();
        if (tuned == null || !tuned.tuning().equals(tuning)) {
            LearnedStage learned = tuning.model()
                    ? new LearnedStage(InjectionModel.shipped(), tuning.modelFlag(), tuning.modelBlock()) : null;
            tuned = new Tuned(tuning, new GuardianEngine(tuning.flag(), tuning.block(), learned));
            current.set(tuned);
        }
        return tuned.engine();
    }

    private double setting(String key, double fallback) {
        return config.getOptionalValue(key, Double.class).orElse(fallback);
    }
}
