package io.lollmsbot.ratelimit.control;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.config.control.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Rate limits shared by every node through PostgreSQL (fixed windows, see {@link RateCounters}); limits are read
 * through MicroProfile Config on each call, so an admin's change applies within seconds everywhere.
 * <ul>
 * <li>chat: {@code lollmsbot.ratelimit.chat.per-minute} requests per user and minute;</li>
 * <li>failed logins: after {@code lollmsbot.ratelimit.auth.failures} failures for one username from one client
 * address within {@code lollmsbot.ratelimit.auth.window-seconds}, every further attempt of that pair is refused,
 * correct password or not, until the window ends; attempts are counted before the password is checked.</li>
 * </ul>
 * Refusals are 429 problems with Retry-After and X-RateLimit-* headers, counted in the metric
 * {@code lollmsbot_ratelimit_rejections_total{bucket}}.
 */
@ApplicationScoped
public class RateLimiter {

    static final String CHAT_LIMIT = "lollmsbot.ratelimit.chat.per-minute";
    static final String AUTH_FAILURES = "lollmsbot.ratelimit.auth.failures";
    static final String AUTH_WINDOW = "lollmsbot.ratelimit.auth.window-seconds";
    static final String AUTH_UNKNOWN_PER_ADDRESS = "lollmsbot.ratelimit.auth.unknown-per-address";
    private static final Duration CLEANUP_INTERVAL = Duration.ofMinutes(1);

    @Inject
    RateCounters counters;

    @Inject
    @Cached
    Config config;

    @Inject
    MetricRegistry metrics;

    @Inject
    Clock clock;

    private final AtomicLong nextCleanup = new AtomicLong();

    /**
     * Counts one chat request of this user; throws a 429 problem when the user is over the per-minute limit. The
     * returned quota's headers may be added to the successful response.
     */
    public Quota checkChat(String username) {
        Instant now = clock.instant();
        Window window = Window.containing(now, Duration.ofMinutes(1));
        Quota quota = new Quota(
                config.getValue(CHAT_LIMIT, Integer.class), counters.hit("chat:" + username, window), window, now);
        cleanUpNowAndThen(now);
        if (!quota.allowed()) {
            throw refused("chat", quota, "Too many chat requests: at most " + quota.limit() + " per minute.");
        }
        return quota;
    }

    /**
     * Counts one login attempt of this username from this client address before its password is checked, atomically
     * across threads and nodes, and throws a 429 problem when the attempt is over the limit: parallel guesses cannot
     * all pass a check that runs before any of them is counted. Attempts for a username that has no account also
     * count per client address alone ({@code lollmsbot.ratelimit.auth.unknown-per-address}), so unknown names cannot
     * be used to make the server compute password hashes without limit. A successful login is un-counted
     * with {@link #loginSucceeded}.
     */
    public LoginAttempt beginLogin(String clientAddress, String username, boolean knownUser) {
        Instant now = clock.instant();
        Window window = authWindow(now);
        cleanUpNowAndThen(now);
        Quota quota = new Quota(
                config.getValue(AUTH_FAILURES, Integer.class),
                counters.hit(authBucket(clientAddress, username), window),
                window,
                now);
        if (!quota.allowed()) {
            throw refused("auth", quota, "Too many failed logins: try again later.");
        }
        if (!knownUser) {
            Quota unknown = new Quota(
                    config.getValue(AUTH_UNKNOWN_PER_ADDRESS, Integer.class),
                    counters.hit(unknownUserBucket(clientAddress), window),
                    window,
                    now);
            if (!unknown.allowed()) {
                throw refused("auth", unknown, "Too many failed logins: try again later.");
            }
        }
        return new LoginAttempt(clientAddress, username, knownUser, window);
    }

    /** Takes back the hits {@link #beginLogin} counted for a login that succeeded, in the window it counted them. */
    public void loginSucceeded(LoginAttempt attempt) {
        counters.unhit(authBucket(attempt.clientAddress, attempt.username), attempt.window);
        if (!attempt.knownUser) {
            counters.unhit(unknownUserBucket(attempt.clientAddress), attempt.window);
        }
    }

    private Window authWindow(Instant now) {
        return Window.containing(now, Duration.ofSeconds(config.getValue(AUTH_WINDOW, Integer.class)));
    }

    /** Hashed, so the table never holds the names people typed (sometimes a password by mistake). */
    static String authBucket(String clientAddress, String username) {
        return "auth:" + sha256(clientAddress + "\0" + username);
    }

    static String unknownUserBucket(String clientAddress) {
        return "auth-unknown:" + sha256(clientAddress);
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private ProblemException refused(String bucket, Quota quota, String detail) {
        metrics.counter("lollmsbot.ratelimit.rejections", new Tag("bucket", bucket))
                .inc();
        return new ProblemException(Problem.of(429, Problems.titleFor(429), detail), quota.headers());
    }

    /** Old windows are deleted by whichever node writes, at most once a minute per node. */
    private void cleanUpNowAndThen(Instant now) {
        long due = nextCleanup.get();
        if (now.toEpochMilli() >= due
                && nextCleanup.compareAndSet(due, now.plus(CLEANUP_INTERVAL).toEpochMilli())) {
            counters.deleteExpired();
        }
    }
}
