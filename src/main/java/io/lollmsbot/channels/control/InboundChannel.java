package io.lollmsbot.channels.control;

import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/**
 * What every inbound channel works with: its settings, the mapping of channel users to lollmsbot users, the
 * once-only claim of incoming events, the background turn and the channel metrics.
 */
abstract class InboundChannel {

    @Inject
    Config config;

    @Inject
    ChannelIdentities identities;

    @Inject
    ChannelTurns turns;

    @Inject
    ChannelEvents events;

    @Inject
    ChannelMetrics metrics;
}
