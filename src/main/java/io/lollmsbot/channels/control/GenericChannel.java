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
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The generic signed inbound channel: authenticate the request ({@link Signatures}), find the lollmsbot user behind
 * the channel user, claim the event id once, and answer at once while the turn runs in the background lane; its
 * outcome is stored for reading by id and, when a reply URL is set, POSTed there signed with the first secret.
 */
@ApplicationScoped
public class GenericChannel {

    public static final String NAME = "generic";
    private static final Logger LOG = Logger.getLogger(GenericChannel.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    Config config;

    @Inject
    ChannelIdentities identities;

    @Inject
    ChannelEvents events;

    @Inject
    ChatService chat;

    @Inject
    SignedPoster poster;

    @Inject
    ChannelMetrics metrics;

    /** Turns are started and replies delivered off the request thread, so the sender gets its 202 at once. */
    @Resource
    ManagedExecutorService executor;

    /** An event as the sender described it, already validated. */
    public record Inbound(String id, String user, String text, UUID conversationId) {}

    public record Ack(String id, String status) {}

    /**
     * Checks that the channel is on and the request signed with a current secret over {@code payload}; 404 when
     * the channel is off, 503 when it has no secret, 401 for a missing, wrong or stale signature.
     */
    public void authenticate(String timestamp, String signature, byte[] payload) {
        GenericSettings settings = GenericSettings.read(config);
        if (!settings.enabled()) {
            metrics.event(NAME, "disabled");
            throw new ProblemException(404, "The generic channel is not enabled.");
        }
        if (settings.secrets().isEmpty()) {
            metrics.event(NAME, "disabled");
            throw new ProblemException(503, "The generic channel has no secret configured.");
        }
        Signatures.Failure failure = Signatures.check(settings.secrets(), timestamp, signature, payload, Instant.now());
        if (failure != null) {
            metrics.event(NAME, "unauthenticated");
            throw new ProblemException(
                    401,
                    switch (failure) {
                        case MISSING ->
                            "Send " + Signatures.TIMESTAMP_HEADER + " (unix seconds) and " + Signatures.SIGNATURE_HEADER
                                    + " (sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\">).";
                        case STALE ->
                            "The timestamp is more than " + Signatures.WINDOW.toMinutes()
                                    + " minutes away from the server's clock.";
                        case MISMATCH -> "The signature does not match.";
                    });
        }
    }

    /** Accepts an authenticated event once: a repeated id is acknowledged with its current status, no new turn. */
    public Ack accept(Inbound event) {
        ToolCaller caller;
        try {
            caller = identities.resolve(
                    NAME, event.user(), GenericSettings.read(config).autoProvision());
        } catch (ProblemException unknown) {
            metrics.event(NAME, "rejected");
            throw unknown;
        }
        if (!events.claim(NAME, event.id(), caller.userId())) {
            metrics.event(NAME, "duplicate");
            String status =
                    events.find(NAME, event.id()).map(ChannelEvent::status).orElse(ChannelEvent.ACCEPTED);
            return new Ack(event.id(), status);
        }
        metrics.event(NAME, "accepted");
        TurnRequest turn = new TurnRequest(caller, event.conversationId(), event.text(), List.of());
        executor.submit(RequestIds.carriedTo(() -> {
            start(event.id(), turn);
            return null;
        }));
        return new Ack(event.id(), ChannelEvent.ACCEPTED);
    }

    public ChannelEvent read(String id) {
        return events.find(NAME, id).orElseThrow(() -> new ProblemException(404, "No generic event with this id."));
    }

    private void start(String id, TurnRequest turn) {
        try {
            chat.background(turn)
                    .whenCompleteAsync(
                            (result, failure) ->
                                    finish(id, result, failure == null ? null : TurnFailures.asProblem(failure)),
                            executor);
        } catch (RuntimeException refused) {
            finish(id, null, TurnFailures.asProblem(refused));
        }
    }

    private void finish(String id, TurnResult result, ProblemException problem) {
        if (problem == null) {
            events.complete(NAME, id, result.conversationId(), result.reply());
            metrics.event(NAME, ChannelEvent.COMPLETED);
        } else {
            Problem failed = problem.problem();
            String status = failed.status() < 500 ? ChannelEvent.REFUSED : ChannelEvent.FAILED;
            events.fail(NAME, id, status, failed.status(), failed.detail());
            metrics.event(NAME, status);
        }
        GenericSettings settings = GenericSettings.read(config);
        if (settings.replyUrl().isPresent() && !settings.secrets().isEmpty()) {
            deliver(id, settings.replyUrl().get(), settings.secrets().get(0));
        }
    }

    private void deliver(String id, String url, String secret) {
        String json = JSONB.toJson(read(id));
        int status = poster.post(url, secret, json);
        boolean ok = status >= 200 && status < 300;
        events.delivered(NAME, id, ok);
        metrics.reply(NAME, ok ? "delivered" : "failed");
        if (!ok) {
            LOG.warning("A generic channel reply was not delivered to the reply URL (HTTP status "
                    + (status == SignedPoster.NO_ANSWER ? "none" : status) + ").");
        }
    }
}
