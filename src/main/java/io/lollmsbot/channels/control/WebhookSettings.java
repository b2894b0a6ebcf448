package io.lollmsbot.channels.control;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.Config;

/**
 * The outbound webhooks' settings as they are now: internal hosts receivers may be on, how often a delivery is
 * tried, and the first retry delay, which doubles with every attempt (at most an hour) with jitter.
 */
public record WebhookSettings(String allowedHosts, int maxAttempts, int backoffSeconds) {

    static final String PREFIX = "lollmsbot.webhooks.";
    private static final Duration MAX_DELAY = Duration.ofHours(1);

    public static WebhookSettings read(Config config) {
        return new WebhookSettings(
                config.getOptionalValue(PREFIX + "allowed-hosts", String.class).orElse(""),
                config.getValue(PREFIX + "max-attempts", Integer.class),
                config.getValue(PREFIX + "backoff-seconds", Integer.class));
    }

    /** The wait after failed attempt {@code attempt} (1-based): backoff x 2^(attempt-1), between half and all of it. */
    Duration delayAfter(int attempt) {
        long full = Math.min(MAX_DELAY.toMillis(), backoffSeconds * 1000L << Math.min(attempt - 1, 20));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }
}
