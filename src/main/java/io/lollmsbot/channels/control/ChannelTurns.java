package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;
import io.lollmsbot.chat.control.ChatService;
import io.lollmsbot.chat.control.TurnFailures;
import io.lollmsbot.chat.control.TurnRequest;
import io.lollmsbot.chat.control.TurnResult;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.RequestIds;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What every channel does with an authentic event of a known user: claim its id once (PostgreSQL decides, on every
 * node), run the turn in the background lane off the request thread, store the outcome, and hand the stored event
 * to the channel's way of replying.
 */
@ApplicationScoped
public class ChannelTurns {

    @Inject
    ChannelEvents events;

    @Inject
    ChatService chat;

    @Inject
    ChannelMetrics metrics;

    /** Turns are started and replies sent off the request thread, so the sender gets its answer at once. */
    @Resource
    ManagedExecutorService executor;

    /** An event's message as the channel received it, from the lollmsbot user it maps to. */
    public record Turn(String channel, String eventId, ToolCaller caller, String text, UUID conversationId) {}

    /**
     * Starts the turn unless the event was received before; answers the earlier event's status then, else empty.
     * {@code reply} gets the stored outcome on a worker thread.
     */
    public Optional<String> start(Turn turn, Consumer<ChannelEvent> reply) {
        if (!events.claim(turn.channel(), turn.eventId(), turn.caller().userId())) {
            metrics.event(turn.channel(), "duplicate");
            return Optional.of(events.find(turn.channel(), turn.eventId())
                    .map(ChannelEvent::status)
                    .orElse(ChannelEvent.ACCEPTED));
        }
        metrics.event(turn.channel(), "accepted");
        executor.submit(RequestIds.carriedTo(() -> {
            run(turn, reply);
            return null;
        }));
        return Optional.empty();
    }

    private void run(Turn turn, Consumer<ChannelEvent> reply) {
        TurnRequest request = new TurnRequest(turn.caller(), turn.conversationId(), turn.text(), List.of());
        try {
            chat.background(request)
                    .whenCompleteAsync(
                            (result, failure) -> finish(
                                    turn, result, failure == null ? null : TurnFailures.asProblem(failure), reply),
                            executor);
        } catch (RuntimeException refused) {
            finish(turn, null, TurnFailures.asProblem(refused), reply);
        }
    }

    private void finish(Turn turn, TurnResult result, ProblemException problem, Consumer<ChannelEvent> reply) {
        if (problem == null) {
            events.complete(turn.channel(), turn.eventId(), result.conversationId(), result.reply());
            metrics.event(turn.channel(), ChannelEvent.COMPLETED);
        } else {
            Problem failed = problem.problem();
            String status = failed.status() < 500 ? ChannelEvent.REFUSED : ChannelEvent.FAILED;
            events.fail(turn.channel(), turn.eventId(), status, failed.status(), failed.detail());
            metrics.event(turn.channel(), status);
        }
        events.find(turn.channel(), turn.eventId()).ifPresent(reply);
    }
}
