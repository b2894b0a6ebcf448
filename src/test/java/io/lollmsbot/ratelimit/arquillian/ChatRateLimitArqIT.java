package io.lollmsbot.ratelimit.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.SystemClock;
import io.lollmsbot.config.control.Cached;
import io.lollmsbot.config.control.CachedConfig;
import io.lollmsbot.config.control.DatabaseConfigSource;
import io.lollmsbot.ratelimit.control.Quota;
import io.lollmsbot.ratelimit.control.RateLimiter;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The per-user chat limit the chat endpoint calls, inside the running Liberty with the real counter table and the
 * database ConfigSource: the limit is a row in {@code settings}, read at call time.
 */
@ExtendWith(ArquillianExtension.class)
class ChatRateLimitArqIT {

    private static final String LIMIT_KEY = "lollmsbot.ratelimit.chat.per-minute";

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "ratelimit-arq.war")
                .addPackage(RateLimiter.class.getPackage())
                .addClasses(
                        ProblemException.class,
                        Problem.class,
                        Problems.class,
                        DatabaseConfigSource.class,
                        CachedConfig.class,
                        Cached.class,
                        SystemClock.class)
                .addAsServiceProvider(ConfigSource.class, DatabaseConfigSource.class)
                .addAsResource("META-INF/persistence.xml")
                .addAsResource("META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Inject
    RateLimiter limiter;

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource database;

    @Test
    void theThirdChatInAMinuteIsRefusedWithRateLimitHeadersWhenTheLimitIsTwo() throws SQLException {
        String user = "arq-chat-" + UUID.randomUUID();
        String stale = "arq-stale-" + UUID.randomUUID();
        execute(
                "INSERT INTO rate_limit_counters (bucket, window_start, hits, expires_at) "
                        + "VALUES (?, now() - interval '2 hours', 5, now() - interval '1 hour')",
                stale);
        execute(
                "INSERT INTO settings (key, value) VALUES ('" + LIMIT_KEY + "', '2') "
                        + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                null);
        DatabaseConfigSource.invalidateAll();
        try {
            Quota first = limiter.checkChat(user);
            assertEquals(1, first.remaining());
            assertEquals("2", first.headers().get("X-RateLimit-Limit"));
            assertFalse(first.headers().containsKey("Retry-After"));
            assertEquals(0, limiter.checkChat(user).remaining());

            ProblemException refused = assertThrows(ProblemException.class, () -> limiter.checkChat(user));
            assertEquals(429, refused.problem().status());
            assertEquals("0", refused.headers().get("X-RateLimit-Remaining"));
            long retryAfter = Long.parseLong(refused.headers().get("Retry-After"));
            assertTrue(retryAfter >= 1 && retryAfter <= 60, "until the minute ends: " + retryAfter);
            assertEquals(refused.headers().get("Retry-After"), refused.headers().get("X-RateLimit-Reset"));

            assertEquals(
                    1, limiter.checkChat("arq-chat-other-" + UUID.randomUUID()).hits(), "per user");
            assertEquals(
                    "0",
                    count("SELECT count(*) FROM rate_limit_counters WHERE bucket = ?", stale),
                    "expired windows are deleted as counters are written");
        } finally {
            execute("DELETE FROM settings WHERE key = '" + LIMIT_KEY + "'", null);
            DatabaseConfigSource.invalidateAll();
        }
    }

    private void execute(String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            statement.executeUpdate();
        }
    }

    private String count(String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
