package io.lollmsbot.guardian.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.config.control.Cached;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.Config;

/**
 * The Guardian pillar: admits users to the chat (quarantine), screens what they send (refuses, flags and audits
 * injection attempts, redacts secrets from what the model would see), and authorises tool calls. The chat only
 * asks; every Guardian decision and its audit row are made here.
 * Bean-managed concurrency (the engine is immutable and swapped atomically), and no transaction of its own: it is
 * called for every turn and for every streamed piece of a reply, and each method writes at most one audit row, which
 * joins the caller's transaction or takes its own. Thresholds are settings (read through {@link Cached} Config, so
 * re-reading them per screening costs a map lookup each), and the engine is rebuilt only when they changed.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class Guardian {

    static final String FLAG_THRESHOLD = "lollmsbot.guardian.flag-threshold";
    static final String BLOCK_THRESHOLD = "lollmsbot.guardian.block-threshold";

    @Inject
    @Cached
    Config config;

    @Inject
    AuditLog audit;

    @Inject
    Quarantines quarantines;

    static final String CONTEXT_POLICY = "lollmsbot.guardian.context-policy";
    static final String REPLY_LINKS = "lollmsbot.guardian.reply-links";
    static final String MODEL_ENABLED = "lollmsbot.guardian.model-enabled";
    static final String MODEL_FLAG_THRESHOLD = "lollmsbot.guardian.model-flag-threshold";
    static final String MODEL_BLOCK_THRESHOLD = "lollmsbot.guardian.model-block-threshold";
    static final String MODEL_SHORT_BLOCK_THRESHOLD = "lollmsbot.guardian.model-short-block-threshold";
    static final String MODEL_FLAGGED_BLOCK_THRESHOLD = "lollmsbot.guardian.model-flagged-block-threshold";

    /** The settings an engine was built for. */
    private record Tuning(
            double flag,
            double block,
            boolean model,
            double modelFlag,
            double modelBlock,
            double modelShortBlock,
            double modelFlaggedBlock) {}

    /** The engine built for {@code tuning}. */
    private record Tuned(Tuning tuning, GuardianEngine engine) {}

    private final AtomicReference<Tuned> current = new AtomicReference<>();

    public ScanResult screenInput(String text) {
        return engine().scanInput(text);
    }

    /** 403 when the user may not chat now: quarantined, or every non-admin user is. */
    public void admit(long userId, boolean admin) {
        quarantines.requireAllowed(userId, admin);
    }

    /**
     * Screens a chat turn, message and client context alike: an injection attempt is refused (422, audited as
     * {@code guardian.blocked}; repeated attempts quarantine the user), a suspicious one is audited as
     * {@code guardian.flagged}, and secrets are redacted from everything the model will see (audited with their
     * kinds, never their values). Runs outside a transaction so each audit row is kept when the turn is refused.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ScreenedInput screenTurn(
            long userId, String username, boolean admin, String message, List<String> clientContext) {
        ScanResult scan = screenInput(message);
        for (String context : clientContext) {
            ScanResult contextScan = screenInput(context);
            if (contextScan.verdict().ordinal() > scan.verdict().ordinal()) {
                scan = contextScan;
            }
        }
        if (scan.verdict() == Verdict.BLOCK) {
            audit.record(verdictEvent(username, GuardianEvent.BLOCKED, "chat", scan, message));
            quarantines.afterBlocked(userId, username, admin);
            throw new ProblemException(
                    new Problem(
                            "urn:lollmsbot:problem:guardian-refused",
                            "Refused by the Guardian",
                            422,
                            "The message was refused as a likely prompt-injection attempt ("
                                    + String.join(", ", scan.categories()) + "). Rephrase it as a plain request.",
                            null),
                    Map.of());
        }
        if (scan.verdict() == Verdict.FLAG) {
            audit.record(verdictEvent(username, GuardianEvent.FLAGGED, "chat", scan, message));
        }
        Redaction redactedMessage = redact(message);
        int redactions = redactedMessage.count();
        List<String> context = new ArrayList<>();
        for (String part : clientContext) {
            Redaction redacted = redact(part);
            redactions += redacted.count();
            context.add(redacted.text());
        }
        if (redactions > 0) {
            audit.record(AuditEvent.of(username, GuardianEvent.REDACTED.type(), "chat")
                    .withVerdict(
                            null,
                            null,
                            String.join(
                                    ",",
                                    redactedMessage.kinds().stream()
                                            .map(kind -> kind.name().toLowerCase(Locale.ROOT))
                                            .toList())));
        }
        return new ScreenedInput(redactedMessage.text(), List.copyOf(context), scan.verdict(), redactions);
    }

    /** The chat path's decision on a text an admin tries out; only the fact, a hash and the length are audited. */
    public ScanResult scan(String actor, String text) {
        ScanResult scan = screenInput(text);
        audit.record(verdictEvent(actor, GuardianEvent.SCAN, "scan", scan, text));
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
            return refuse(
                    username,
                    tool,
                    arguments,
                    scan,
                    "The Guardian refused the arguments of tool '" + tool + "' (" + String.join(", ", scan.categories())
                            + ").");
        }
        return Optional.empty();
    }

    private Optional<String> refuse(String username, String tool, String arguments, ScanResult scan, String reason) {
        // the name comes from the model: keep the audit target within its column whatever it sent
        String target = tool.length() > 128 ? tool.substring(0, 128) : tool;
        AuditEvent event = AuditEvent.of(username, GuardianEvent.TOOL_REFUSED.type(), target)
                .withContent(AuditChain.sha256(arguments), arguments.length());
        audit.record(
                scan == null
                        ? event
                        : event.withVerdict(scan.verdict().wireName(), scan.score(), String.join(",", scan.rules())));
        return Optional.of(reason);
    }

    private static AuditEvent verdictEvent(
            String actor, GuardianEvent type, String target, ScanResult scan, String content) {
        return AuditEvent.of(actor, type.type(), target)
                .withVerdict(scan.verdict().wireName(), scan.score(), String.join(",", scan.rules()))
                .withContent(AuditChain.sha256(content), content.length());
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
        ContextPolicy policy = ContextPolicy.of(config.getValue(CONTEXT_POLICY, String.class));
        String content = text == null ? "" : text;
        ScreenedContext screened = engine().screenContext(source, content, policy);
        ScanResult scan = screened.scan();
        if (scan.verdict() != Verdict.ALLOW) {
            GuardianEvent type =
                    scan.verdict() == Verdict.BLOCK ? GuardianEvent.CONTEXT_BLOCKED : GuardianEvent.CONTEXT_FLAGGED;
            audit.record(verdictEvent(
                    actor, type, source.length() > 128 ? source.substring(0, 128) : source, scan, content));
        }
        return screened;
    }

    public Redaction redact(String text) {
        return engine().redact(text);
    }

    /**
     * A model reply as the user sees it, streamed, returned and stored: secrets redacted, and links or images whose
     * URL would carry conversation data out redacted or neutralised (setting {@value #REPLY_LINKS}).
     */
    public Redaction screenReply(String text) {
        ReplyLinkPolicy policy = ReplyLinkPolicy.of(config.getValue(REPLY_LINKS, String.class));
        return engine().screenReply(text, policy);
    }

    private GuardianEngine engine() {
        Tuning tuning = new Tuning(
                threshold(FLAG_THRESHOLD),
                threshold(BLOCK_THRESHOLD),
                config.getValue(MODEL_ENABLED, Boolean.class),
                threshold(MODEL_FLAG_THRESHOLD),
                threshold(MODEL_BLOCK_THRESHOLD),
                threshold(MODEL_SHORT_BLOCK_THRESHOLD),
                threshold(MODEL_FLAGGED_BLOCK_THRESHOLD));
        Tuned tuned = current.get();
        if (tuned != null && tuned.tuning().equals(tuning)) {
            return tuned.engine();
        }
        GuardianEngine engine = build(tuning);
        current.set(new Tuned(tuning, engine));
        return engine;
    }

    private static GuardianEngine build(Tuning tuning) {
        LearnedStage learned = tuning.model()
                ? new LearnedStage(
                        InjectionModel.shipped(),
                        tuning.modelFlag(),
                        tuning.modelBlock(),
                        Math.max(tuning.modelBlock(), tuning.modelShortBlock()),
                        Math.min(tuning.modelBlock(), tuning.modelFlaggedBlock()))
                : null;
        return new GuardianEngine(tuning.flag(), tuning.block(), learned);
    }

    private double threshold(String key) {
        return config.getValue(key, Double.class);
    }
}
