package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database behave as one system: a second server is started on the test server's database, and
 * users, token revocations, settings and rate limits are seen the same way on both.
 */
class TwoNodesLifecycleIT {

    private static final String SETTING = "/api/v1/admin/settings/lollmsbot.ratelimit.chat.per-minute";

    @Test
    void usersTokensSettingsAndRateLimitsAreSharedThroughTheDatabase() throws Exception {
        String server = LibertyServers.IT_SERVER + "-node2";
        int httpPort = LibertyServers.cloneAsSecondNode(server, "");
        Api nodeA = Api.server();
        Api nodeB = new Api("http://localhost:" + httpPort);
        LibertyServers.start(server);
        try {
            LibertyServers.awaitDatabaseReady(nodeB, Duration.ofMinutes(3));

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
                    seenWithin(nodeB, Duration.ofSeconds(5)),
                    "a setting changed on one node applies on the other within 5 s");

            // without an LLM in this JVM the turns end in 503, but each request is counted before the model is called
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
            LibertyServers.stop(server);
            LibertyServers.deleteRecursively(LibertyServers.directory(server));
        }
    }

    private static boolean seenWithin(Api node, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if ("2".equals(node.get(SETTING, Api.admin()).json().getString("value"))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
