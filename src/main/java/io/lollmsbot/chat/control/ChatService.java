package io.lollmsbot.chat.control;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.guardian.control.ScreenedInput;
import io.lollmsbot.memory.control.ConversationStore;
import io.lollmsbot.ratelimit.control.RateLimiter;
import io.lollmsbot.tools.control.ToolCaller;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The chat entry point for every surface (REST, streaming, OpenAI-compatible): ask the Guardian to admit the user,
 * count the request against the user's rate limit (shared by all nodes), have the Guardian screen the input, queue
 * the turn in the caller's lane, hold the conversation's cluster-wide lock while the agent loop runs, and turn
 * failures into problem responses ({@link TurnFailures}).
 */
@ApplicationScoped
public class ChatService {

    @Inject
    Guardian guardian;

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
            TurnResult result =
                    submit(Lane.INTERACTIVE, request, TurnListener.NONE).join();
            metrics.turn("ok", started);
            return result;
        } catch (CompletionException e) {
            ProblemException problem = TurnFailures.asProblem(e);
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
        return measured(submit(Lane.INTERACTIVE, request, listener), started);
    }

    /**
     * Starts a turn nobody waits on at the other end of a connection (a channel's inbound event): it queues in the
     * background lane, behind people at a chat window. Refusals are thrown at once, as by {@link #stream}.
     */
    public CompletableFuture<TurnResult> background(TurnRequest request) {
        long started = System.nanoTime();
        return measured(submit(Lane.BACKGROUND, request, TurnListener.NONE), started);
    }

    private CompletableFuture<TurnResult> measured(CompletableFuture<TurnResult> turn, long started) {
        return turn.handle((result, failure) -> {
            if (failure == null) {
                metrics.turn("ok", started);
                return result;
            }
            ProblemException problem = TurnFailures.asProblem(failure);
            metrics.turn(outcome(problem), started);
            throw problem;
        });
    }

    private CompletableFuture<TurnResult> submit(Lane lane, TurnRequest request, TurnListener listener) {
        guardian.admit(request.caller().userId(), request.caller().admin());
        rateLimiter.checkChat(request.caller().username());
        if (request.continuesConversation()) {
            conversations.requireOwnedBeforeTurn(
                    request.conversationId(), request.caller().userId());
        }
        ScreenedTurn turn = screen(request);
        String key = request.continuesConversation()
                ? request.conversationId().toString()
                : UUID.randomUUID().toString();
        // the turn's spans (chat.turn) are children of this request's span on the lane thread too; with tracing off
        // the current context is the empty root and the wrap costs one small object
        return lanes.submit(
                lane,
                request.caller().username(),
                key,
                Context.current()
                        .wrap(() -> request.continuesConversation()
                                ? conversationLock.holding(request.conversationId(), () -> agent.run(turn, listener))
                                : agent.run(turn, listener)));
    }

    /** Hands the turn to the Guardian; what comes back is what the model may see. */
    ScreenedTurn screen(TurnRequest request) {
        ToolCaller caller = request.caller();
        ScreenedInput screened = guardian.screenTurn(
                caller.userId(), caller.username(), caller.admin(), request.message(), request.clientContext());
        return new ScreenedTurn(
                request,
                screened.message(),
                screened.clientContext(),
                screened.verdict().wireName(),
                screened.redactions());
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
