package io.lollmsbot.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failed-login lockout and the request body limit (1 MiB, pinned by the IT server's server.env). */
class RequestLimitsIT {

    private static final String AUTH_FAILURES = "/api/v1/admin/settings/lollmsbot.ratelimit.auth.failures";
    private static final int BODY_LIMIT = 1_048_576;
    private final Api api = Api.server();

    @Test
    void repeatedFailuresLockTheUsernameOutForThisAddressEvenWithTheRightPassword() {
        String user = api.createUser("guessed", "user");
        String other = api.createUser("bystander", "user");
        try {
            assertEquals(200, api.put(AUTH_FAILURES, "{\"value\":\"3\"}", admin()).status());
            for (int i = 0; i < 3; i++) {
                assertProblem(api.get("/api/v1/me", basic(user, "wrong-guess-" + i)), 401);
            }
            Api.Reply locked = api.get("/api/v1/me", basic(user, Api.passwordOf(user)));
            JsonObject problem = assertProblem(locked, 429);
            assertTrue(problem.getString("detail").contains("failed logins"));
            assertTrue(Long.parseLong(locked.header("Retry-After")) >= 1);
            assertEquals("3", locked.header("X-RateLimit-Limit"));
            assertEquals("0", locked.header("X-RateLimit-Remaining"));
            assertNotNull(locked.header("X-RateLimit-Reset"));

            Api.Reply console = api.post("/api/v1/auth/login",
                    "{\"username\":\"" + user + "\",\"password\":\"" + Api.passwordOf(user) + "\"}", null);
            assertProblem(console, 429);
            assertNotNull(console.header("Retry-After"));

            assertEquals(200, api.get("/api/v1/me", basic(other, Api.passwordOf(other))).status(), "other users are not affected");
            assertTrue(api.get("/metrics", null).body().contains("lollmsbot_ratelimit_rejections_total{bucket=\"auth\""));
        } finally {
            assertEquals(204, api.delete(AUTH_FAILURES, admin()).status());
        }
    }

    @Test
    void consoleLoginFailuresCountToo() {
        String user = api.createUser("console-guessed", "user");
        try {
            assertEquals(200, api.put(AUTH_FAILURES, "{\"value\":\"2\"}", admin()).status());
            String wrong = "{\"username\":\"" + user + "\",\"password\":\"wrong-password\"}";
            assertProblem(api.post("/api/v1/auth/login", wrong, null), 401);
            assertProblem(api.post("/api/v1/auth/login", wrong, null), 401);
            assertProblem(api.get("/api/v1/me", basic(user, Api.passwordOf(user))), 429);
        } finally {
            assertEquals(204, api.delete(AUTH_FAILURES, admin()).status());
        }
    }

    @Test
    void aBodyOverTheLimitIs413WithOrWithoutContentLength() {
        String big = "{\"name\":\"" + "x".repeat(BODY_LIMIT) + "\"}";
        assertProblem(api.post("/api/v1/me/tokens", big, admin()), 413);

        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder chunked = api.request("/api/v1/me/tokens").header("Authorization", admin())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        assertProblem(api.send(chunked), 413);

        HttpRequest.Builder smallChunked = api.request("/api/v1/me/tokens").header("Authorization", admin())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("{\"name\":\"small\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(201, api.send(smallChunked).status());
    }
}
