package io.lollmsbot.identity.control;

import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.Config;

/**
 * How long a console session lives: at most {@code idle} after its last request and {@code lifetime} after its
 * login, whatever happens in between. Read from the settings at every request, so a change applies at once.
 */
public record SessionLimits(Duration idle, Duration lifetime) {

    static final String IDLE = "lollmsbot.auth.session.idle-seconds";
    static final String LIFETIME = "lollmsbot.auth.session.max-seconds";

    public static SessionLimits of(Config config) {
        return new SessionLimits(
                Duration.ofSeconds(config.getValue(IDLE, Integer.class)),
                Duration.ofSeconds(config.getValue(LIFETIME, Integer.class)));
    }

    public boolean over(Instant startedAt, Instant lastSeen, Instant now) {
        return now.isAfter(startedAt.plus(lifetime)) || now.isAfter(lastSeen.plus(idle));
    }

    /** The idle limit as the servlet container takes it, so idle sessions are also reclaimed from memory. */
    public int idleSeconds() {
        return (int) idle.toSeconds();
    }
}
