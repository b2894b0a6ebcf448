package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The generic signed inbound channel: authenticate the request ({@link Signatures}), find the lollmsbot user behind
 * the channel user, and start the turn once per event id ({@link ChannelTurns}); its outcome is stored for reading
 * by id and, when a reply URL is set, POSTed there signed with the first secret.
 */
@ApplicationScoped
public class GenericChannel extends InboundChannel {

    public static final String NAME = "generic";
    private static final Logger LOG = Logger.getLogger(GenericChannel.class.getName());
    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    SignedPoster poster;

    /** An event as the sender described it, already validated. */
    public record Inbound(String id, String user, String text, UUID conversationId) {}

    public record Ack(String id, String status) {}

    /**
     * Checks that the channel is on and the request signed with a current secret over {@code payload}; 404 when
     * the channel is off, 503 when it has no secret, 401 for a missing, wrong or stale signature.
     */
    public void authenticate(String timestamp, String signature, byte[] payload) {
        GenericSettings settings = GenericSettings.read(config);
        ChannelGate.open(metrics, NAME, settings.enabled(), !settings.secrets().isEmpty());
        ChannelGate.authentic(
                metrics,
                NAME,
                Signatures.check(
                        Signatures.Scheme.LOLLMSBOT, settings.secrets(), timestamp, signature, payload, Instant.now()),
                "Send " + Signatures.TIMESTAMP_HEADER + " (unix seconds) and " + Signatures.SIGNATURE_HEADER
                        + " (sha256=<hex HMAC-SHA256 of \"<timestamp>.<body>\">).");
    }

    /** Accepts an authenticated event once: a repeated id is acknowledged with its current status, no new turn. */
    public Ack accept(Inbound event) {
        ToolCaller caller = ChannelGate.identify(
                metrics,
                NAME,
                () -> identities.resolve(
                        NAME, event.user(), GenericSettings.read(config).autoProvision()));
        String status = turns.start(
                        new ChannelTurns.Turn(NAME, event.id(), caller, event.text(), event.conversationId()),
                        this::deliver)
                .orElse(ChannelEvent.ACCEPTED);
        return new Ack(event.id(), status);
    }

    public ChannelEvent read(String id) {
        return events.find(NAME, id).orElseThrow(() -> new ProblemException(404, "No generic event with this id."));
    }

    private void deliver(ChannelEvent event) {
        GenericSettings settings = GenericSettings.read(config);
        if (settings.replyUrl().isEmpty() || settings.secrets().isEmpty()) {
            return;
        }
        int status = poster.post(settings.replyUrl().get(), settings.secrets().get(0), JSONB.toJson(event));
        boolean ok = status >= 200 && status < 300;
        events.delivered(NAME, event.id(), ok);
        metrics.reply(NAME, ok ? "delivered" : "failed");
        if (!ok) {
            LOG.warning("A generic channel reply was not delivered to the reply URL (HTTP status "
                    + (status == SignedPoster.NO_ANSWER ? "none" : status) + ").");
        }
    }
}
