package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two servers on one database behave as one system: a second server is started on the test server's database, and
 * users, token revocations, settings, rate limits, conversation lanes, the audit chain, the Heartbeat's schedule and
 * Soul edits are shared by both. Node B uses the same scripted LLM as node A (the test server). One node B serves
 * every test here: a Liberty start is the dearest step of the lifecycle run. The Heartbeat schedule is set as soon as
 * node B is up and checked fourth, so its runs accrue while the first tests run; the lane test, which watches
 * PostgreSQL's lock waiters, runs last, after the schedule is reset.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesLifecycleIT {

    private static final String SETTING = "/api/v1/admin/settings/lollmsbot.ratelimit.chat.per-minute";
    private static final String INTERVAL = "/api/v1/admin/settings/lollmsbot.heartbeat.audit-verify.interval-seconds";
    private static final int SECONDS = 10;
    private static final int RUNS = 3;
    private static final String NODE_B = LibertyServers.IT_SERVER + "-node2";
    /** Node B's database connections: fewer than the chats {@link #moreChatsInFlightThanConnectionsAreAllAnswered} sends. */
    private static final int NODE_B_POOL = 4;

    /** Node B requires this bearer token on /metrics; node A, the shared test server, sets none. */
    private static final String METRICS_TOKEN = "scrape-" + UUID.randomUUID();

    /** Node B exports its traces here (node A, the shared test server, keeps OpenTelemetry off). */
    private static final OtlpReceiver TRACES = OtlpReceiver.start();

    private static Api nodeA;
    private static Api nodeB;
    /** Scheduled runs are counted from here: the schedule is set once node B is up, and runs while tests 1-3 do. */
    private static Instant heartbeatSince;

    @BeforeAll
    static void startSecondNode() throws IOException {
        int httpPort = LibertyServers.cloneAsSecondNode(NODE_B, """
                LOLLMSBOT_LLM_PROVIDER=openai
                LOLLMSBOT_LLM_BASE_URL=%s
                LOLLMSBOT_LLM_MODEL=scripted-model
                OTEL_SDK_DISABLED=false
                OTEL_TRACES_EXPORTER=otlp
                OTEL_METRICS_EXPORTER=none
                OTEL_LOGS_EXPORTER=none
                OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf
                OTEL_EXPORTER_OTLP_ENDPOINT=%s
                OTEL_BSP_SCHEDULE_DELAY=200
                LOLLMSBOT_METRICS_TOKEN=%s
                LOLLMSBOT_HEARTBEAT_SELF_CHECK_INTERVAL_SECONDS=0
                LOLLMSBOT_DB_POOL_MAX=%d
                """.formatted(
                        TestLlm.primary().openAiBaseUrl(), TRACES.endpoint(), METRICS_TOKEN, NODE_B_POOL));
        nodeA = Api.server();
        nodeB = new Api("http://localhost:" + httpPort);
        LibertyServers.start(NODE_B);
        LibertyServers.awaitDatabaseReady(nodeB, Duration.ofMinutes(6));
        assertEquals(
                200,
                nodeA.put(INTERVAL, "{\"value\":\"" + SECONDS + "\"}", Api.admin())
                        .status());
        heartbeatSince = Instant.now().plusSeconds(5);
    }

    @AfterAll
    static void stopSecondNode() throws IOException {
        try {
            LibertyServers.stop(NODE_B);
            Files.copy(
                    LibertyServers.directory(NODE_B).resolve("logs/messages.log"),
                    Path.of("target/" + NODE_B + "-messages.log"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            LibertyServers.deleteRecursively(LibertyServers.directory(NODE_B));
            TRACES.close();
            // the schedule set by startSecondNode, should the Heartbeat test not have reached its own reset
            nodeA.delete(INTERVAL, Api.admin());
        }
    }

    @Test
    @Order(1)
    void aChatTurnIsTracedUnderItsHttpRequestWithItsLlmAndDatabaseSpansToAnOtlpReceiver() throws Exception {
        String user = nodeA.createUser("traced", "user");
        String requestId = "trace-" + UUID.randomUUID();
        Api.Reply reply = nodeB.send(nodeB.request("/api/v1/chat")
                .header("Authorization", basic(user, Api.passwordOf(user)))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(ChatIT.chatBody("trace me", null))));
        assertEquals(200, reply.status(), reply::toString);
        String export = TRACES.awaitExportContaining(requestId, Duration.ofSeconds(60));
        assertFalse(export.contains("trace me"), "no message text in spans");

        // spans are exported as they end, the HTTP request's last: wait until the whole trace is in
        List<OtlpReceiver.Span> spans =
                TRACES.awaitSpans(received -> traceComplete(received, requestId), Duration.ofSeconds(60));
        OtlpReceiver.Span turn = turnOf(spans, requestId);
        OtlpReceiver.Span request =
                only(spans, span -> span.spanId().equals(turn.parentSpanId()), "chat.turn's parent");
        assertEquals(2, request.kind(), () -> "chat.turn hangs under the HTTP server span, not " + request);
        assertEquals(turn.traceId(), request.traceId());
        assertTrue(request.parentSpanId().isEmpty(), () -> "the HTTP request is the root: " + request);
        OtlpReceiver.Span llm = only(
                spans, span -> span.name().equals("llm.call") && span.traceId().equals(turn.traceId()), "llm.call");
        assertEquals(turn.spanId(), llm.parentSpanId(), "the model call is part of the turn");
        OtlpReceiver.Span save = only(
                spans,
                span -> span.name().equals("db.conversation.save")
                        && span.traceId().equals(turn.traceId()),
                "db.conversation.save");
        assertEquals(turn.spanId(), save.parentSpanId(), "the turn is stored inside the turn");
        assertEquals(3, save.kind(), "a database call is a client span");
        assertTrue(save.raw().contains("postgresql"), "db.system");
        assertTrue(
                spans.stream()
                        .anyMatch(span -> span.name().equals("db.ratelimit.hit")
                                && span.parentSpanId().equals(request.spanId())),
                "the chat rate limit is counted in the database under the HTTP request");
    }

    private static boolean traceComplete(List<OtlpReceiver.Span> spans, String requestId) {
        OtlpReceiver.Span turn = turnOf(spans, requestId);
        if (turn == null) {
            return false;
        }
        List<String> inTrace = spans.stream()
                .filter(span -> span.traceId().equals(turn.traceId()))
                .map(OtlpReceiver.Span::name)
                .toList();
        boolean parentIn = turn.parentSpanId().isEmpty()
                || spans.stream().anyMatch(span -> span.spanId().equals(turn.parentSpanId()));
        return parentIn && inTrace.containsAll(List.of("llm.call", "db.conversation.save", "db.ratelimit.hit"));
    }

    /** The chat.turn span carrying {@code requestId}, or null before it arrived. */
    private static OtlpReceiver.Span turnOf(List<OtlpReceiver.Span> spans, String requestId) {
        return spans.stream()
                .filter(span -> span.name().equals("chat.turn") && span.raw().contains(requestId))
                .findFirst()
                .orElse(null);
    }

    private static OtlpReceiver.Span only(
            List<OtlpReceiver.Span> spans, Predicate<OtlpReceiver.Span> which, String what) {
        List<OtlpReceiver.Span> found = spans.stream().filter(which).toList();
        assertEquals(1, found.size(), () -> what + ": " + spans);
        return found.get(0);
    }

    @Test
    void metricsNeedTheBearerTokenOnlyWhereOneIsSet() throws IOException {
        assertEquals(200, nodeA.get("/metrics", null).status(), "no token set: anonymous");

        for (String wrong : List.of("", "Bearer wrong-" + METRICS_TOKEN, "Basic " + METRICS_TOKEN)) {
            Api.Reply refused = nodeB.get("/metrics", wrong.isEmpty() ? null : wrong);
            assertEquals(401, refused.status(), () -> wrong + " -> " + refused);
            assertEquals("Bearer realm=\"metrics\"", refused.header("WWW-Authenticate"));
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused::toString);
            assertFalse(refused.body().contains("# TYPE"), "no metric leaks with the refusal");
        }
        Api.Reply scraped = nodeB.get("/metrics", "Bearer " + METRICS_TOKEN);
        assertEquals(200, scraped.status(), scraped::toString);
        assertTrue(scraped.body().contains("lollmsbot_llm_available"), "the application's metrics");
        assertTrue(scraped.body().contains("mp_scope=\"base\""), "Liberty's own metrics");
        assertEquals(
                409,
                nodeA.put("/api/v1/admin/settings/lollmsbot.metrics.token", "{\"value\":\"x\"}", Api.admin())
                        .status(),
                "read at startup only: the settings API cannot pretend to change it");
        assertFalse(LibertyServers.messagesLog(NODE_B).contains(METRICS_TOKEN), "the token is never logged");
    }

    @Test
    @Order(2)
    void usersTokensSettingsAndRateLimitsAreSharedThroughTheDatabase() throws Exception {
        try {
            String user = nodeA.createUser("twonodes", "user");
            String password = basic(user, Api.passwordOf(user));
            assertEquals(
                    200, nodeB.get("/api/v1/me", password).status(), "a user created on one node logs in on the other");
            String token = nodeA.post("/api/v1/me/tokens", "{\"name\":\"both\"}", password)
                    .json()
                    .getString("token");
            String tokenId = nodeA.get("/api/v1/me/tokens", password)
                    .jsonArray()
                    .getJsonObject(0)
                    .getString("id");
            assertEquals(200, nodeB.get("/api/v1/me", bearer(token)).status());
            assertEquals(
                    204, nodeA.delete("/api/v1/me/tokens/" + tokenId, password).status());
            assertEquals(
                    401,
                    nodeB.get("/api/v1/me", bearer(token)).status(),
                    "revoked on one node, refused at once on the other");

            assertEquals(
                    200, nodeA.put(SETTING, "{\"value\":\"2\"}", Api.admin()).status());
            assertTrue(
                    within(
                            Duration.ofSeconds(5),
                            () -> "2"
                                    .equals(nodeB.get(SETTING, Api.admin())
                                            .json()
                                            .getString("value"))),
                    "a setting changed on one node applies on the other within 5 s");

            // each request is counted before the model is called, whatever the model answers
            Api.Reply third = RateWindows.inOneMinute(() -> {
                String chatter = nodeA.createUser("twonodes-chat", "user");
                String auth = basic(chatter, Api.passwordOf(chatter));
                nodeA.post("/api/v1/chat", ChatIT.chatBody("on node A", null), auth);
                nodeB.post("/api/v1/chat", ChatIT.chatBody("on node B", null), auth);
                return nodeB.post("/api/v1/chat", ChatIT.chatBody("one too many", null), auth);
            });
            ProblemAssertions.assertProblem(third, 429);
            assertEquals("2", third.header("X-RateLimit-Limit"), "node B counted node A's request too");
        } finally {
            nodeA.delete(SETTING, Api.admin());
        }
    }

    /**
     * Twice as many chats in flight on node B as it has database connections, all waiting at the model at once: a
     * request waiting for its turn must hold no connection, or the lane workers find none for the turns the requests
     * wait for (they stalled until the pool's timeout and were answered 503; docs/performance.md).
     */
    @Test
    @Order(6)
    void moreChatsInFlightThanConnectionsAreAllAnswered() throws Exception {
        int chats = 2 * NODE_B_POOL;
        List<String> auths = new ArrayList<>();
        for (int i = 0; i < chats; i++) {
            String user = nodeA.createUser("pool", "user");
            // a token, as API clients and the benchmark send: the Bearer path is where the stall was found
            auths.add(bearer(nodeA.post("/api/v1/me/tokens", "{\"name\":\"pool\"}", basic(user, Api.passwordOf(user)))
                    .json()
                    .getString("token")));
        }
        TestLlm.reset();
        CountDownLatch release = new CountDownLatch(1);
        Reply[] held = new Reply[chats];
        Arrays.fill(held, Reply.text("answered").heldUntil(release));
        TestLlm.primary().enqueue(held);
        ExecutorService clients = Executors.newFixedThreadPool(chats);
        try {
            List<Future<Api.Reply>> replies = new ArrayList<>();
            for (String auth : auths) {
                replies.add(clients.submit(() -> nodeB.post("/api/v1/chat", ChatIT.chatBody("in flight", null), auth)));
            }
            TestLlm.primary().awaitChatRequests(chats);
            release.countDown();
            for (Future<Api.Reply> reply : replies) {
                Api.Reply answered = reply.get();
                assertEquals(200, answered.status(), answered::toString);
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    /**
     * A turn of one conversation held at the model on node A, the next turn of the same conversation sent to node B:
     * B's turn waits for the conversation's lock (seen in pg_locks), reaches the model only after A's turn was stored,
     * and sees it in its history.
     */
    @Test
    @Order(5)
    void turnsOfOneConversationOnTwoNodesNeverInterleave() throws Exception {
        String user = nodeA.createUser("lanes2", "user");
        String auth = basic(user, Api.passwordOf(user));
        String conversation = nodeA.post("/api/v1/chat", ChatIT.chatBody("start", null), auth)
                .json()
                .getString("conversationId");
        TestLlm.reset();
        CountDownLatch release = new CountDownLatch(1);
        TestLlm.primary().enqueue(Reply.text("answer on A").heldUntil(release), Reply.text("answer on B"));
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<Api.Reply> onA =
                    clients.submit(() -> nodeA.post("/api/v1/chat", ChatIT.chatBody("turn on A", conversation), auth));
            TestLlm.primary().awaitChatRequests(1);
            Future<Api.Reply> onB =
                    clients.submit(() -> nodeB.post("/api/v1/chat", ChatIT.chatBody("turn on B", conversation), auth));
            awaitAdvisoryLockWaiter(Duration.ofMinutes(2));
            assertEquals(1, TestLlm.primary().chatRequests().size(), "B's turn waits while A's is with the model");
            release.countDown();
            assertEquals("answer on A", onA.get().json().getString("reply"));
            assertEquals("answer on B", onB.get().json().getString("reply"));
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
        List<String> history = TestLlm.primary().chatRequests().get(1).json().getJsonArray("messages").stream()
                .map(m -> m.asJsonObject().getString("content", ""))
                .toList();
        assertTrue(history.contains("answer on A"), () -> "B's turn saw A's finished turn: " + history);
        List<String> stored = nodeB
                .get("/api/v1/conversations/" + conversation + "/messages", auth)
                .jsonArray()
                .getValuesAs(JsonObject.class)
                .stream()
                .map(m -> m.getString("content"))
                .toList();
        assertEquals(List.of("turn on A", "answer on A", "turn on B", "answer on B"), stored.subList(2, 6));
    }

    /** Both nodes append audit rows at once (Guardian scans, each audited); the hash chain stays linear and valid. */
    @Test
    @Order(3)
    void theAuditChainStaysIntactUnderConcurrentWritesFromBothNodes() throws Exception {
        String scan = "{\"text\":\"Please summarise the meeting notes.\"}";
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Api.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Api node = i % 2 == 0 ? nodeA : nodeB;
                sent.add(clients.submit(() -> node.post("/api/v1/admin/guardian/scan", scan, Api.admin())));
            }
            for (Future<Api.Reply> reply : sent) {
                assertEquals(200, reply.get().status(), () -> reply.toString());
            }
        } finally {
            clients.shutdownNow();
        }
        for (Api node : List.of(nodeA, nodeB)) {
            JsonObject verification =
                    node.get("/api/v1/admin/audit/verify", Api.admin()).json();
            assertTrue(verification.getBoolean("valid"), verification::toString);
            assertTrue(verification.getJsonNumber("checked").longValue() >= 40, verification::toString);
        }
    }

    @Test
    @Order(4)
    void aScheduledTaskRunsOncePerScheduleAcrossTwoNodesAndSoulEditsReachBoth() throws Exception {
        try {
            List<JsonObject> scheduled =
                    awaitScheduledRuns(nodeB, heartbeatSince, Duration.ofSeconds(RUNS * SECONDS + 40));
            Set<String> nodes =
                    scheduled.stream().map(run -> run.getString("node")).collect(Collectors.toSet());
            assertEquals(1, nodes.size(), "one timer for the cluster, so one node runs the schedule: " + scheduled);
            assertTrue(
                    scheduled.stream().allMatch(run -> run.getString("outcome").equals("ok")),
                    "none skipped: " + scheduled);
            for (int i = 1; i < scheduled.size(); i++) {
                Duration gap = Duration.between(
                        Instant.parse(scheduled.get(i).getString("startedAt")),
                        Instant.parse(scheduled.get(i - 1).getString("startedAt")));
                assertTrue(gap.toSeconds() >= SECONDS - 2, "runs once per schedule, not once per node: " + scheduled);
            }
            // either node may own the timer, so ask both: each runs the task itself
            String manualOnA = nodeA.post(HeartbeatIT.HEARTBEAT + "/audit-verify/run", "", Api.admin())
                    .json()
                    .getString("node");
            String manualOnB = nodeB.post(HeartbeatIT.HEARTBEAT + "/audit-verify/run", "", Api.admin())
                    .json()
                    .getString("node");
            assertNotEquals(manualOnA, manualOnB, "the node without the timer runs tasks too when asked");
            assertTrue(Set.of(manualOnA, manualOnB).containsAll(nodes), "the schedule ran on one of the two: " + nodes);

            int version = nodeA.get(SoulIT.SOUL, Api.admin()).json().getInt("version");
            assertEquals(
                    200,
                    nodeA.put(SoulIT.SOUL, SoulIT.edit(SoulIT.EDITED, version), Api.admin())
                            .status());
            try {
                assertTrue(
                        within(
                                Duration.ofSeconds(5),
                                () -> nodeB.get(SoulIT.SOUL + "/prompt", Api.admin())
                                        .json()
                                        .getString("systemPrompt")
                                        .contains("marker-7f3a")),
                        "node B's cached prompt follows an edit on node A");
            } finally {
                nodeA.post(SoulIT.SOUL + "/rollback", "{\"version\":" + version + "}", Api.admin());
            }
        } finally {
            nodeA.delete(INTERVAL, Api.admin());
        }
    }

    /** The scheduled audit-verify runs since the given time, newest first, once there are {@link #RUNS} of them. */
    private static List<JsonObject> awaitScheduledRuns(Api node, Instant since, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonObject> scheduled = List.of();
        while (Instant.now().isBefore(deadline)) {
            scheduled = node
                    .get(HeartbeatIT.HEARTBEAT + "/runs?task=audit-verify&limit=100", Api.admin())
                    .jsonArray()
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .filter(run -> run.getString("trigger").equals("schedule"))
                    .filter(run -> Instant.parse(run.getString("startedAt")).isAfter(since))
                    .toList();
            if (scheduled.size() >= RUNS) {
                return scheduled;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("fewer than " + RUNS + " scheduled runs within " + timeout + ": " + scheduled);
    }

    private static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Waits until some session waits for an advisory lock (a conversation lane held by the other node). */
    private static void awaitAdvisoryLockWaiter(Duration timeout) throws SQLException {
        Instant deadline = Instant.now().plus(timeout);
        try (Connection db = ItDatabase.superuser();
                PreparedStatement waiting = db.prepareStatement(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                LibertyServers.sleep();
            }
        }
        throw new AssertionError("no turn waited for the conversation lock within " + timeout);
    }
}
