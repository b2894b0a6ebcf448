package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionLimitsTest {

    private static final Instant LOGIN = Instant.parse("2026-01-01T08:00:00Z");
    private final SessionLimits limits = new SessionLimits(Duration.ofMinutes(30), Duration.ofHours(12));

    @Test
    void anActiveSessionLivesUntilItsAbsoluteLifetime() {
        Instant almost = LOGIN.plus(Duration.ofHours(12));
        assertFalse(limits.over(LOGIN, almost.minusSeconds(60), almost));
        Instant after = almost.plusSeconds(1);
        assertTrue(limits.over(LOGIN, after.minusSeconds(1), after), "however recently it was used");
    }

    @Test
    void anIdleSessionEndsAfterTheIdleLimit() {
        Instant lastSeen = LOGIN.plus(Duration.ofHours(1));
        assertFalse(limits.over(LOGIN, lastSeen, lastSeen.plus(Duration.ofMinutes(30))));
        assertTrue(limits.over(
                LOGIN, lastSeen, lastSeen.plus(Duration.ofMinutes(30)).plusSeconds(1)));
    }

    @Test
    void theContainerGetsTheIdleLimitInSeconds() {
        assertEquals(1_800, limits.idleSeconds());
    }
}
