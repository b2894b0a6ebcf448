package io.lollmsbot.ratelimit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lollmsbot.common.MovingClock;
import io.lollmsbot.common.ProblemException;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window logic of the rate limiter on a clock the test moves, with the PostgreSQL counters kept in a map. */
class RateLimiterTest {

    private final MovingClock clock = new MovingClock("2026-11-27T10:15:42Z");
    private final InMemoryCounters counters = new InMemoryCounters();
    private final Map<String, Integer> settings = new HashMap<>();
    private int rejections;
    private RateLimiter limiter;

    @BeforeEach
    void wire() {
        settings.put(RateLimiter.CHAT_LIMIT, 2);
        settings.put(RateLimiter.AUTH_FAILURES, 3);
        settings.put(RateLimiter.AUTH_WINDOW, 300);
        settings.put(RateLimiter.AUTH_UNKNOWN_PER_ADDRESS, 10);
        limiter = new RateLimiter();
        limiter.clock = clock;
        limiter.counters = counters;
        limiter.config = proxy(Config.class, args -> settings.get((String) args[0]));
        Counter rejected = proxy(Counter.class, args -> {
            rejections++;
            return null;
        });
        limiter.metrics = proxy(MetricRegistry.class, args -> rejected);
    }

    @Test
    void theLimitIsReachedWithinOneMinuteAndRefusedUntilItEnds() {
        assertEquals("1", limiter.checkChat("ada").headers().get("X-RateLimit-Remaining"));
        assertEquals("0", limiter.checkChat("ada").headers().get("X-RateLimit-Remaining"));
        clock.moveTo("2026-11-27T10:15:50Z");
        ProblemException refused = assertThrows(ProblemException.class, () -> limiter.checkChat("ada"));
        assertEquals(429, refused.problem().status());
        assertEquals("10", refused.headers().get("Retry-After"), "seconds until 10:16:00");
        assertEquals("0", refused.headers().get("X-RateLimit-Remaining"));
        assertEquals(1, rejections);
        assertEquals("1", limiter.checkChat("bob").headers().get("X-RateLimit-Remaining"), "the limit is per user");
    }

    @Test
    void theNextMinuteStartsFromZero() {
        limiter.checkChat("ada");
        limiter.checkChat("ada");
        clock.moveTo("2026-11-27T10:16:00Z");
        Quota fresh = limiter.checkChat("ada");
        assertEquals(1, fresh.hits());
        assertEquals("60", fresh.headers().get("X-RateLimit-Reset"));
    }

    @Test
    void theLastMillisecondOfAMinuteStillCountsInIt() {
        clock.moveTo("2026-11-27T10:15:59.999Z");
        limiter.checkChat("ada");
        limiter.checkChat("ada");
        ProblemException refused = assertThrows(ProblemException.class, () -> limiter.checkChat("ada"));
        assertEquals("1", refused.headers().get("Retry-After"), "Retry-After is at least one second");
        clock.moveTo("2026-11-27T10:16:00Z");
        assertEquals(1, limiter.checkChat("ada").hits(), "the boundary itself belongs to the next minute");
    }

    @Test
    void theLimitIsReadAtEveryRequest() {
        limiter.checkChat("ada");
        limiter.checkChat("ada");
        settings.put(RateLimiter.CHAT_LIMIT, 3);
        assertEquals("0", limiter.checkChat("ada").headers().get("X-RateLimit-Remaining"));
        settings.put(RateLimiter.CHAT_LIMIT, 1);
        assertThrows(ProblemException.class, () -> limiter.checkChat("ada"));
    }

    @Test
    void aSuccessfulLoginTakesItsHitsBackFromTheWindowThatCountedThem() {
        clock.moveTo("2026-11-27T10:14:59.900Z");
        LoginAttempt attempt = limiter.beginLogin("10.0.0.1", "ghost", false);
        clock.moveTo("2026-11-27T10:15:00.100Z");
        limiter.loginSucceeded(attempt);
        assertEquals(Map.of(), counters.nonZero(), "both buckets of the 10:10 window are back at zero");
    }

    @Test
    void failedLoginsAreRefusedUntilTheirWindowEnds() {
        for (int attempt = 0; attempt < 3; attempt++) {
            limiter.beginLogin("10.0.0.1", "ada", true);
        }
        ProblemException refused =
                assertThrows(ProblemException.class, () -> limiter.beginLogin("10.0.0.1", "ada", true));
        assertEquals("258", refused.headers().get("Retry-After"), "seconds until 10:20:00");
        clock.moveTo("2026-11-27T10:20:00Z");
        limiter.beginLogin("10.0.0.1", "ada", true);
    }

    @Test
    void unknownUsernamesAreLimitedPerAddressWhateverTheName() {
        for (int attempt = 0; attempt < 10; attempt++) {
            limiter.beginLogin("10.0.0.1", "nobody-" + attempt, false);
        }
        ProblemException refused =
                assertThrows(ProblemException.class, () -> limiter.beginLogin("10.0.0.1", "nobody-new", false));
        assertEquals(429, refused.problem().status());
        limiter.beginLogin("10.0.0.2", "nobody-new", false);
        limiter.beginLogin("10.0.0.1", "ada", true);
    }

    /** Hits per bucket and window start, as the rate_limit_counters table keeps them. */
    private static final class InMemoryCounters extends RateCounters {

        private final Map<String, Integer> hits = new HashMap<>();

        @Override
        public int hit(String bucket, Window window) {
            return hits.merge(bucket + "@" + window.startEpochSecond(), 1, Integer::sum);
        }

        @Override
        public void unhit(String bucket, Window window) {
            hits.computeIfPresent(bucket + "@" + window.startEpochSecond(), (key, count) -> count - 1);
        }

        @Override
        public void deleteExpired() {
            // expiry is the database's business; the windows are told apart by their start
        }

        Map<String, Integer> nonZero() {
            Map<String, Integer> left = new HashMap<>(hits);
            left.values().removeIf(count -> count == 0);
            return left;
        }
    }

    private interface Answer {
        Object answer(Object[] args);
    }

    /** A container interface whose every method answers the same way: the limiter calls one method of each. */
    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> answer.answer(args)));
    }
}
