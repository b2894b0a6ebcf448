package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Failed-login lockout and the request body limit (1 MiB, pinned by the IT server's server.env). */
class RequestLimitsIT {

    private static final String AUTH_FAILURES = "/api/v1/admin/settings/lollmsbot.ratelimit.auth.failures";
    private static final String AUTH_WINDOW = "/api/v1/admin/settings/lollmsbot.ratelimit.auth.window-seconds";
    private static final int BODY_LIMIT = 1_048_576;
    private final Api api = Api.server();

    /**
     * Uses the configured threshold as it is: lowering it for the test would also lock out the admin, whom earlier
     * tests deliberately sent wrong passwords from this same address.
     */
    @Test
    void repeatedFailuresLockTheUsernameOutForThisAddressEvenWithTheRightPassword() {
        int threshold = threshold();
        String other = api.createUser("bystander", "user");
        LockedOut lockedOut = RateWindows.inOneWindow(authWindow(), () -> {
            String user = api.createUser("guessed", "user");
            for (int i = 0; i < threshold; i++) {
                assertProblem(api.get("/api/v1/me", basic(user, "wrong-guess-" + i)), 401);
            }
            return new LockedOut(
                    api.get("/api/v1/me", basic(user, Api.passwordOf(user))),
                    api.post(
                            "/api/v1/auth/login",
                            "{\"username\":\"" + user + "\",\"password\":\"" + Api.passwordOf(user) + "\"}",
                            null));
        });
        Api.Reply locked = lockedOut.basicAuth();
        JsonObject problem = assertProblem(locked, 429);
        assertTrue(problem.getString("detail").contains("failed logins"));
        assertTrue(Long.parseLong(locked.header("Retry-After")) >= 1);
        assertEquals(Integer.toString(threshold), locked.header("X-RateLimit-Limit"));
        assertEquals("0", locked.header("X-RateLimit-Remaining"));
        assertNotNull(locked.header("X-RateLimit-Reset"));

        Api.Reply console = lockedOut.consoleLogin();
        assertProblem(console, 429);
        assertNotNull(console.header("Retry-After"));

        assertEquals(
                200,
                api.get("/api/v1/me", basic(other, Api.passwordOf(other))).status(),
                "other users are not affected");
        assertTrue(api.get("/metrics", null).body().contains("lollmsbot_ratelimit_rejections_total{bucket=\"auth\""));
    }

    /** Each attempt is counted before its password is checked, so parallel guesses cannot overtake the count. */
    @Test
    void parallelWrongPasswordsGetAtMostTheLimitOfPasswordChecks() {
        int threshold = threshold();
        Map<Integer, Integer> byStatus = RateWindows.inOneWindow(
                authWindow(), () -> parallelGuesses(api.createUser("parallel-guessed", "user"), 60));
        assertEquals(Set.of(401, 429), byStatus.keySet(), byStatus.toString());
        assertTrue(byStatus.get(401) <= threshold, "password checks: " + byStatus);
    }

    /** Sends the wrong passwords at once and counts the replies by status. */
    private Map<Integer, Integer> parallelGuesses(String user, int attempts) {
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        // HTTP/1.1, one connection per attempt: truly parallel requests, not streams queued on one HTTP/2 connection
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(pool)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try {
            List<CompletableFuture<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                HttpRequest request = api.request("/api/v1/me")
                        .header("Authorization", basic(user, "parallel-guess-" + i))
                        .timeout(Duration.ofSeconds(100))
                        .GET()
                        .build();
                replies.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                        .thenApply(HttpResponse::statusCode));
            }
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (CompletableFuture<Integer> reply : replies) {
                byStatus.merge(reply.orTimeout(120, TimeUnit.SECONDS).join(), 1, Integer::sum);
            }
            return byStatus;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void consoleLoginFailuresCountToo() {
        int threshold = threshold();
        Api.Reply locked = RateWindows.inOneWindow(authWindow(), () -> {
            String user = api.createUser("console-guessed", "user");
            String wrong = "{\"username\":\"" + user + "\",\"password\":\"wrong-password\"}";
            for (int i = 0; i < threshold; i++) {
                assertProblem(api.post("/api/v1/auth/login", wrong, null), 401);
            }
            return api.get("/api/v1/me", basic(user, Api.passwordOf(user)));
        });
        assertProblem(locked, 429);
    }

    private int threshold() {
        return Integer.parseInt(api.get(AUTH_FAILURES, admin()).json().getString("value"));
    }

    /** The right password's replies after the failures, over HTTP Basic and at the console's login. */
    private record LockedOut(Api.Reply basicAuth, Api.Reply consoleLogin) {}

    /** Failed logins count in fixed windows of this length: a test's attempts must fall in one of them. */
    private Duration authWindow() {
        return Duration.ofSeconds(
                Long.parseLong(api.get(AUTH_WINDOW, admin()).json().getString("value")));
    }

    @Test
    void aBodyOverTheLimitIs413WithOrWithoutContentLength() {
        String big = "{\"name\":\"" + "x".repeat(BODY_LIMIT) + "\"}";
        assertProblem(api.post("/api/v1/me/tokens", big, admin()), 413);

        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder chunked = api.request("/api/v1/me/tokens")
                .header("Authorization", admin())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        assertProblem(api.send(chunked), 413);

        HttpRequest.Builder smallChunked = api.request("/api/v1/me/tokens")
                .header("Authorization", admin())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream("{\"name\":\"small\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(201, api.send(smallChunked).status());
    }

    @Test
    void hostileJsonIs400BeforeAnythingIsStoredOrSent() {
        TestLlm.reset();
        String user = api.createUser("hostile", "user");
        String auth = basic(user, Api.passwordOf(user));
        String deepArray = "[".repeat(5000) + "]".repeat(5000);
        String deepObject = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);

        assertProblem(api.post("/api/v1/chat", "{\"message\":\"a\\u0000b\"}", auth), 400);
        assertProblem(
                api.post(
                        "/v1/chat/completions",
                        "{\"model\":\"lollmsbot\",\"messages\":[{\"role\":\"user\"," + "\"content\":\"a\\u0000b\"}]}",
                        auth),
                400);
        assertProblem(api.post("/v1/chat/completions", deepArray, auth), 400);
        assertProblem(api.post("/v1/chat/completions", deepObject, auth), 400);
        assertProblem(api.post("/api/v1/chat", "{\"message\":\"hi\",\"extra\":" + deepArray + "}", auth), 400);
        assertProblem(
                api.put("/api/v1/admin/settings/lollmsbot.memory.recall-limit", "{\"value\":\"1\\u00000\"}", admin()),
                400);

        assertEquals("[]", api.get("/api/v1/conversations", auth).body().replace(" ", ""), "nothing was stored");
        assertTrue(ChatIT.chatRequests(TestLlm.primary()).isEmpty(), "nothing reached the LLM");
        String nested = "[".repeat(30) + "]".repeat(30);
        Api.Reply withinLimits = api.post("/api/v1/chat", "{\"message\":\"hello\",\"extra\":" + nested + "}", auth);
        assertEquals(200, withinLimits.status(), "30 levels are within the limit: " + withinLimits);
    }
}
