package io.lollmsbot.ratelimit.control;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rate limits shared by every node through PostgreSQL (fixed windows, see {@link RateCounters}); limits are read
 * through MicroProfile Config on each call, so an admin's change applies within seconds everywhere.
 * <ul>
 * <li>chat: {@code lollmsbot.ratelimit.chat.per-minute} requests per user and minute;</li>
 * <li>failed logins: after {@code lollmsbot.ratelimit.auth.failures} failures for one username from one client
 * address within {@code lollmsbot.ratelimit.auth.window-seconds}, every further attempt of that pair is refused,
 * correct password or not, until the window ends.</li>
 * </ul>
 * Refusals are 429 problems with Retry-After and X-RateLimit-* headers, counted in the metric
 * {@code lollmsbot_ratelimit_rejections_total{bucket}}.
 */
@ApplicationScoped
public class RateLimiter {

    static final String CHAT_LIMIT = "lollmsbot.ratelimit.chat.per-minute";
    static final String AUTH_FAILURES = "lollmsbot.ratelimit.auth.failures";
    static final String AUTH_WINDOW = "lollmsbot.ratelimit.auth.window-seconds";
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

    @Inject
    RateCounters counters;

    @Inject
    Config config;

    @Inject
    MetricRegistry metrics;

    private final Clock clock = Clock.systemUTC();
    private final AtomicLong nextCleanup = new AtomicLong();

    /**
     * Counts one chat request of this user; throws a 429 problem when the user is over the per-minute limit. The
     * returned quota's headers may be added to the successful response.
     */
    public Quota checkChat(String username) {
        Instant now = clock.instant();
        Window window = Window.containing(now, Duration.ofMinutes(1));
        Quota quota = new Quota(config.getValue(CHAT_LIMIT, Integer.class), counters.hit("chat:" + username, window), window, now);
        cleanUpNowAndThen(now);
        if (!quota.allowed()) {
            throw refused("chat", quota, "Too many chat requests: at most " + quota.limit() + " per minute.");
        }
        return quota;
    }

    /** Throws a 429 problem while this username is locked out for this client address. */
    public void checkLogin(String clientAddress, String username) {
        Instant now = clock.instant();
        Window window = authWindow(now);
        // this attempt is allowed while the failures so far leave room for one more
        int attempt = counters.hits(authBucket(clientAddress, username), window) + 1;
        Quota quota = new Quota(config.getValue(AUTH_FAILURES, Integer.class), attempt, window, now);
        if (!quota.allowed()) {
            throw refused("auth", quota, "Too many failed logins: try again later.");
        }
    }

    public void recordLoginFailure(String clientAddress, String username) {
        Instant now = clock.instant();
        counters.hit(authBucket(clientAddress, username), authWindow(now));
        cleanUpNowAndThen(now);
    }

    private Window authWindow(Instant now) {
        return Window.containing(now, Duration.ofSeconds(config.getValue(AUTH_WINDOW, Integer.class)));
    }

    /** Hashed, so the table never holds the names people typed (sometimes a password by mistake). */
    static String authBucket(String clientAddress, String username) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((clientAddress + "\0" + username).getBytes(StandardCharsets.UTF_8));
            return "auth:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private ProblemException refused(String bucket, Quota quota, String detail) {
        metrics.counter("lollmsbot.ratelimit.rejections", new Tag("bucket", bucket)).inc();
        return new ProblemException(Problem.of(429, Problems.titleFor(429), detail), quota.headers());
    }

    /** Old windows are deleted by whichever node writes, at most once a minute per node. */
    private void cleanUpNowAndThen(Instant now) {
        long due = nextCleanup.get();
        if (now.toEpochMilli() >= due && nextCleanup.compareAndSet(due, now.plus(CLEANUP_INTERVAL).toEpochMilli())) {
            counters.deleteExpired();
        }
    }
}
