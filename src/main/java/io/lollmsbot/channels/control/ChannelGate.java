package io.lollmsbot.channels.control;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.tools.control.ToolCaller;
import java.util.function.Supplier;

/** The checks every inbound channel makes in the same order, with the same answers and metrics. */
final class ChannelGate {

    private ChannelGate() {}

    /** 404 when the channel is off (it is not there), 503 when it is on without its secret. */
    static void open(ChannelMetrics metrics, String channel, boolean enabled, boolean configured) {
        if (!enabled) {
            metrics.event(channel, "disabled");
            throw new ProblemException(404, "The " + channel + " channel is not enabled.");
        }
        if (!configured) {
            metrics.event(channel, "disabled");
            throw new ProblemException(503, "The " + channel + " channel has no secret configured.");
        }
    }

    /** 401 naming what is wrong with the request's signature, unless {@code failure} is null. */
    static void authentic(ChannelMetrics metrics, String channel, Signatures.Failure failure, String howToSign) {
        if (failure == null) {
            return;
        }
        metrics.event(channel, "unauthenticated");
        throw new ProblemException(
                401,
                switch (failure) {
                    case MISSING -> howToSign;
                    case STALE ->
                        "The timestamp is more than " + Signatures.WINDOW.toMinutes()
                                + " minutes away from the server's clock.";
                    case MISMATCH -> "The signature does not match.";
                });
    }

    /** The lollmsbot user, counting an unknown channel user as rejected. */
    static ToolCaller identify(ChannelMetrics metrics, String channel, Supplier<ToolCaller> resolve) {
        try {
            return resolve.get();
        } catch (ProblemException unknown) {
            metrics.event(channel, "rejected");
            throw unknown;
        }
    }
}
