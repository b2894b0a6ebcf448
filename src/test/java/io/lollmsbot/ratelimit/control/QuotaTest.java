package io.lollmsbot.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:15:42Z");

    @Test
    void windowsStartAtMultiplesOfTheirLength() {
        Window minute = Window.containing(NOW, Duration.ofMinutes(1));
        assertEquals(Instant.parse("2026-11-27T10:15:00Z").getEpochSecond(), minute.startEpochSecond());
        assertEquals(18, minute.secondsLeft(NOW));
        assertEquals(minute, Window.containing(Instant.parse("2026-11-27T10:15:59.999Z"), Duration.ofMinutes(1)));
        assertNotEquals(minute, Window.containing(Instant.parse("2026-11-27T10:16:00Z"), Duration.ofMinutes(1)));
        assertEquals(
                1, minute.secondsLeft(Instant.parse("2026-11-27T10:16:00Z")), "Retry-After is at least one second");
    }

    @Test
    void withinTheLimitTheHeadersCountDown() {
        Quota quota = new Quota(30, 12, Window.containing(NOW, Duration.ofMinutes(1)), NOW);
        assertTrue(quota.allowed());
        assertEquals(
                Map.of("X-RateLimit-Limit", "30", "X-RateLimit-Remaining", "18", "X-RateLimit-Reset", "18"),
                quota.headers());
    }

    @Test
    void overTheLimitItIsRefusedWithRetryAfter() {
        Quota atLimit = new Quota(30, 30, Window.containing(NOW, Duration.ofMinutes(1)), NOW);
        assertTrue(atLimit.allowed());
        assertEquals("0", atLimit.headers().get("X-RateLimit-Remaining"));
        Quota over = new Quota(30, 31, Window.containing(NOW, Duration.ofMinutes(1)), NOW);
        assertFalse(over.allowed());
        assertEquals("0", over.headers().get("X-RateLimit-Remaining"));
        assertEquals("18", over.headers().get("Retry-After"));
    }

    @Test
    void loginBucketsAreHashedPerAddressAndUsername() {
        String bucket = RateLimiter.authBucket("10.0.0.1", "alice");
        assertTrue(bucket.matches("auth:[0-9a-f]{64}"), bucket);
        assertFalse(bucket.contains("alice"));
        assertNotEquals(bucket, RateLimiter.authBucket("10.0.0.2", "alice"));
        assertNotEquals(bucket, RateLimiter.authBucket("10.0.0.1", "bob"));
        assertNotEquals(RateLimiter.authBucket("10.0.0.1a", "b"), RateLimiter.authBucket("10.0.0.1", "ab"));
    }
}
