package io.lollmsbot.chat.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.guardian.control.Quarantines;
import io.lollmsbot.guardian.control.Redaction;
import io.lollmsbot.guardian.control.ScanResult;
import io.lollmsbot.guardian.control.Verdict;
import io.lollmsbot.llm.control.LlmException;
import io.lollmsbot.memory.control.ConversationStore;
import io.lollmsbot.platform.control.Problem;
import io.lollmsbot.platform.control.ProblemException;
import io.lollmsbot.platform.control.Problems;
import io.lollmsbot.ratelimit.control.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The chat entry point for every surface (REST, streaming, OpenAI-compatible): count the request against the
 * user's rate limit (shared by all nodes), screen the input with the Guardian,
 * queue the turn in the caller's lane, hold the conversation's cluster-wide lock while the agent loop runs, and
 * translate failures into problem responses.
 */
@ApplicationScoped
public class ChatService {

    private static final String LLM_RETRY_AFTER = "30";

    @Inject
    Guardian guardian;

    @Inject
    AuditLog audit;

    @Inject
    Quarantines quarantines;

    @Inject
    LaneQueue lanes;

    @Inject
    ConversationLock conversationLock;

    @Inject
    ConversationStore conversations;

    @Inject
    AgentLoop agent;

    @Inject
    ChatMetrics metrics;

    @Inject
    RateLimiter rateLimiter;

    /** Runs a turn and waits for its result. */
    public TurnResult chat(TurnRequest request) {
        long started = System.nanoTime();
        try {
            TurnResult result = submit(request, TurnListener.NONE).join();
            metrics.turn("ok", started);
            return result;
        } catch (CompletionException e) {
            ProblemException problem = asProblem(e.getCause());
            metrics.turn(outcome(problem), started);
            throw problem;
        } catch (ProblemException refused) {
            metrics.turn(outcome(refused), started);
            throw refused;
        }
    }

    /**
     * Starts a turn whose progress goes to {@code listener}; refusals (validation, Guardian, overload) are thrown
     * at once, later failures complete the future exceptionally with a {@link ProblemException}.
     */
    public CompletableFuture<TurnResult> stream(TurnRequest request, TurnListener listener) {
        long started = System.nanoTime();
        return submit(request, listener).handle((result, failure) -> {
            if (failure == null) {
                metrics.turn("ok", started);
                return result;
            }
            ProblemException problem = asProblem(failure instanceof CompletionException ? failure.getCause() : failure);
            metrics.turn(outcome(problem), started);
            throw problem;
        });
    }

    private CompletableFuture<TurnResult> submit(TurnRequest request, TurnListener listener) {
        quarantines.requireAllowed(request.caller().userId(), request.caller().admin());
        rateLimiter.checkChat(request.caller().username());
        if (request.continuesConversation()) {
            conversations.requireOwned(request.conversationId(), request.caller().userId());
        }
        ScreenedTurn turn = screen(request);
        String key = request.continuesConversation() ? request.conversationId().toString() : UUID.randomUUID().toString();
        return lanes.submit(Lane.INTERACTIVE, request.caller().username(), key, () -> request.continuesConversation()
                ? conversationLock.holding(request.conversationId(), () -> agent.run(turn, listener))
                : agent.run(turn, listener));
    }

    /**
     * Redacts secrets from everything the user sent and refuses injection attempts (422, audited; repeated attempts
     * quarantine the user).
     */
    ScreenedTurn screen(TurnRequest request) {
        ScanResult scan = guardian.screenInput(request.message());
        for (String context : request.clientContext()) {
            ScanResult contextScan = guardian.screenInput(context);
            if (contextScan.verdict().ordinal() > scan.verdict().ordinal()) {
                scan = contextScan;
            }
        }
        String actor = request.caller().username();
        if (scan.verdict() == Verdict.BLOCK) {
            audit.record(guardianEvent(actor, "guardian.blocked", scan, request.message()));
            quarantines.afterBlocked(request.caller().userId(), actor, request.caller().admin());
            throw new ProblemException(new Problem("urn:lollmsbot:problem:guardian-refused", "Refused by the Guardian", 422,
                    "The message was refused as a likely prompt-injection attempt (" + String.join(", ", scan.categories())
                            + "). Rephrase it as a plain request.", null), Map.of());
        }
        if (scan.verdict() == Verdict.FLAG) {
            audit.record(guardianEvent(actor, "guardian.flagged", scan, request.message()));
        }
        Redaction message = guardian.redact(request.message());
        int redactions = message.count();
        List<String> context = new ArrayList<>();
        for (String part : request.clientContext()) {
            Redaction redacted = guardian.redact(part);
            redactions += redacted.count();
            context.add(redacted.text());
        }
        if (redactions > 0) {
            audit.record(AuditEvent.of(actor, "guardian.redacted", "chat").withVerdict(null, null,
                    String.join(",", message.kinds().stream().map(kind -> kind.name().toLowerCase(Locale.ROOT)).toList())));
        }
        return new ScreenedTurn(request, message.text(), context, scan.verdict().name().toLowerCase(Locale.ROOT), redactions);
    }

    private static AuditEvent guardianEvent(String actor, String type, ScanResult scan, String content) {
        return AuditEvent.of(actor, type, "chat")
                .withVerdict(scan.verdict().name().toLowerCase(Locale.ROOT), scan.score(), String.join(",", scan.rules()))
                .withContent(AuditChain.sha256(content), content.length());
    }

    static ProblemException asProblem(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException || failure instanceof CompletionException
                ? failure.getCause() : failure;
        if (cause instanceof ProblemException problem) {
            return problem;
        }
        if (cause instanceof LlmException llm) {
            return switch (llm.kind()) {
                case NOT_CONFIGURED -> unavailable("No LLM backend is configured: " + llm.getMessage() + ".", LLM_RETRY_AFTER);
                case TRANSIENT -> unavailable("The LLM backend is unavailable (" + llm.getMessage() + "). Try again shortly.",
                        llm.retryAfter().map(d -> String.valueOf(Math.max(1, d.toSeconds()))).orElse(LLM_RETRY_AFTER));
                case PERMANENT -> new ProblemException(502, "The LLM backend gave an answer lollmsbot could not use.");
            };
        }
        throw new IllegalStateException("chat turn failed", cause);
    }

    private static ProblemException unavailable(String detail, String retryAfter) {
        return new ProblemException(Problem.of(503, Problems.titleFor(503), detail), Map.of("Retry-After", retryAfter));
    }

    private static String outcome(ProblemException problem) {
        int status = problem.problem().status();
        return switch (status) {
            case 422 -> "refused";
            case 429, 503 -> "unavailable";
            default -> status >= 500 ? "error" : "rejected";
        };
    }
}
