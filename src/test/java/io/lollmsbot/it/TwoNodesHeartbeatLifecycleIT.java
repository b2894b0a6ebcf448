package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database: a scheduled Heartbeat task runs once per schedule in the cluster, not once per node,
 * and a persona edit on one node reaches the other node's system prompt.
 */
class TwoNodesHeartbeatLifecycleIT {

    private static final String INTERVAL = "/api/v1/admin/settings/lollmsbot.heartbeat.audit-verify.interval-seconds";
    private static final int SECONDS = 10;
    private static final int RUNS = 3;

    @Test
    void aScheduledTaskRunsOncePerScheduleAcrossTwoNodesAndSoulEditsReachBoth() throws Exception {
        String server = LibertyServers.IT_SERVER + "-hb2";
        int httpPort = LibertyServers.cloneAsSecondNode(server, "LOLLMSBOT_HEARTBEAT_SELF_CHECK_INTERVAL_SECONDS=0\n");
        Api nodeA = Api.server();
        Api nodeB = new Api("http://localhost:" + httpPort);
        LibertyServers.start(server);
        try {
            LibertyServers.awaitDatabaseReady(nodeB, Duration.ofMinutes(8));
            assertEquals(
                    200,
                    nodeA.put(INTERVAL, "{\"value\":\"" + SECONDS + "\"}", admin())
                            .status());
            Instant since = Instant.now().plusSeconds(5);

            List<JsonObject> scheduled = awaitScheduledRuns(nodeB, since, Duration.ofSeconds(RUNS * SECONDS + 40));
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
            JsonObject manualOnB = nodeB.post(HeartbeatIT.HEARTBEAT + "/audit-verify/run", "", admin())
                    .json();
            assertNotEquals(
                    nodes.iterator().next(), manualOnB.getString("node"), "the second node runs tasks too when asked");

            int version = nodeA.get(SoulIT.SOUL, admin()).json().getInt("version");
            assertEquals(
                    200,
                    nodeA.put(SoulIT.SOUL, SoulIT.edit(SoulIT.EDITED, version), admin())
                            .status());
            try {
                assertTrue(
                        within(
                                Duration.ofSeconds(5),
                                () -> nodeB.get(SoulIT.SOUL + "/prompt", admin())
                                        .json()
                                        .getString("systemPrompt")
                                        .contains("marker-7f3a")),
                        "node B's cached prompt follows an edit on node A");
            } finally {
                nodeA.post(SoulIT.SOUL + "/rollback", "{\"version\":" + version + "}", admin());
            }
        } finally {
            nodeA.delete(INTERVAL, admin());
            LibertyServers.stop(server);
            Files.copy(
                    LibertyServers.directory(server).resolve("logs/messages.log"),
                    Path.of("target/" + server + "-messages.log"),
                    StandardCopyOption.REPLACE_EXISTING);
            LibertyServers.deleteRecursively(LibertyServers.directory(server));
        }
    }

    /** The scheduled audit-verify runs since the given time, newest first, once there are {@link #RUNS} of them. */
    private static List<JsonObject> awaitScheduledRuns(Api node, Instant since, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<JsonObject> scheduled = List.of();
        while (Instant.now().isBefore(deadline)) {
            scheduled = node
                    .get(HeartbeatIT.HEARTBEAT + "/runs?task=audit-verify&limit=100", admin())
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
}
