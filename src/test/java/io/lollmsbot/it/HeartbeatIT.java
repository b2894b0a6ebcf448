package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Heartbeat against the running server: scheduled and manual runs, their records, and what each task does. */
class HeartbeatIT {

    static final String HEARTBEAT = "/api/v1/admin/heartbeat";
    private static final String AUDIT_INTERVAL =
            "/api/v1/admin/settings/lollmsbot.heartbeat.audit-verify.interval-seconds";
    private static final String CONVERSATION_DAYS =
            "/api/v1/admin/settings/lollmsbot.heartbeat.retention.conversation-days";

    private final Api api = Api.server();

    @Test
    void everyTaskIsListedWithItsScheduleAndTheTimerRunsThemOnItsOwn() throws InterruptedException {
        List<JsonObject> tasks =
                api.get(HEARTBEAT, admin()).json().getJsonArray("tasks").getValuesAs(JsonObject.class);
        assertEquals(
                List.of("audit-verify", "directory-sync", "memory-backfill", "retention", "self-check", "stale-lanes"),
                tasks.stream().map(t -> t.getString("name")).toList());
        JsonObject audit = tasks.get(0);
        assertEquals("every 3600 s", audit.getString("schedule"));
        assertTrue(audit.getBoolean("enabled"));
        JsonObject selfCheck = tasks.get(4);
        assertEquals("off", selfCheck.getString("schedule"), "the test server turns the scheduled self-check off");
        assertFalse(selfCheck.getBoolean("enabled"));

        // a schedule is a setting: with 10 s the timer runs the task within a tick or two, on its own
        Instant since = Instant.now();
        assertEquals(200, api.put(AUDIT_INTERVAL, "{\"value\":\"10\"}", admin()).status());
        try {
            JsonObject scheduled = awaitRun("audit-verify", "schedule", since, Duration.ofSeconds(60));
            assertEquals("ok", scheduled.getString("outcome"), scheduled::toString);
            assertTrue(scheduled.getString("detail").startsWith("chain intact"), scheduled::toString);
            assertEquals(10, task("audit-verify").getInt("intervalSeconds"));
        } finally {
            api.delete(AUDIT_INTERVAL, admin());
        }
    }

    /** The self-check, whose schedule the test server turns off, so no scheduled run can become the last run meanwhile. */
    @Test
    void aManualRunIsRecordedAndShownAsTheLastRunAndTheSelfCheckReportsEachDependency() {
        TestLlm.reset();
        Api.Reply reply = api.post(HEARTBEAT + "/self-check/run", "", admin());
        assertEquals(202, reply.status(), reply::toString);
        JsonObject run = reply.json();
        assertEquals("self-check", run.getString("task"));
        assertEquals("manual", run.getString("trigger"));
        assertEquals("ok", run.getString("outcome"), run::toString);
        assertTrue(run.getString("detail").startsWith("database up; llm up"), run::toString);
        assertTrue(run.getString("detail").contains("; sandbox "), run::toString);
        assertEquals(0, run.getJsonObject("counts").getInt("down"));
        assertEquals(3, run.getJsonObject("counts").getInt("checked"));
        assertTrue(run.getJsonNumber("durationMs").longValue() >= 0);

        JsonObject last = task("self-check").getJsonObject("lastRun");
        assertEquals(
                run.getJsonNumber("id").longValue(), last.getJsonNumber("id").longValue());
        assertEquals(run.getString("startedAt"), last.getString("startedAt"));
        JsonObject audited = api.get("/api/v1/admin/audit?type=heartbeat.run&limit=1", admin())
                .jsonArray()
                .getJsonObject(0);
        assertEquals("self-check", audited.getString("target"));
        assertEquals("admin", audited.getString("actor"));
    }

    @Test
    void aBrokenAuditChainIsAFailedRunNamingTheRow() throws Exception {
        api.post(HEARTBEAT + "/audit-verify/run", "", admin());
        long id = api.get("/api/v1/admin/audit?type=heartbeat.run&limit=1", admin())
                .jsonArray()
                .getJsonObject(0)
                .getJsonNumber("id")
                .longValue();
        try (Connection db = ItDatabase.superuser()) {
            execute(db, "UPDATE audit_log SET target = 'tampered' WHERE id = " + id);
            try {
                JsonObject run =
                        api.post(HEARTBEAT + "/audit-verify/run", "", admin()).json();
                assertEquals("failed", run.getString("outcome"), run::toString);
                assertTrue(run.getString("detail").startsWith("chain broken at row " + id), run::toString);
            } finally {
                execute(db, "UPDATE audit_log SET target = 'audit-verify' WHERE id = " + id);
            }
        }
        assertEquals(
                "ok",
                api.post(HEARTBEAT + "/audit-verify/run", "", admin()).json().getString("outcome"),
                "restored");
    }

    @Test
    void retentionDeletesIdleConversationsEndedTokensAndOldSettingsHistoryOnly() throws Exception {
        String user = api.createUser("retention", "user");
        String auth = basic(user, Api.passwordOf(user));
        String ended = api.post("/api/v1/me/tokens", "{\"name\":\"ended\"}", auth)
                .json()
                .getString("id");
        String live = api.post("/api/v1/me/tokens", "{\"name\":\"live\"}", auth)
                .json()
                .getString("id");
        assertEquals(204, api.delete("/api/v1/me/tokens/" + ended, auth).status());
        UUID idle = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        try (Connection db = ItDatabase.superuser()) {
            long userId = userId(db, user);
            insertConversation(db, idle, userId, "400 days");
            insertConversation(db, recent, userId, "1 day");
            execute(db, "UPDATE api_tokens SET revoked_at = now() - interval '40 days' WHERE id = '" + ended + "'");
            String oldChange = "retention-" + UUID.randomUUID();
            String newChange = "retention-" + UUID.randomUUID();
            execute(
                    db,
                    "INSERT INTO settings_history (key, new_value, changed_by, changed_at) VALUES ('lollmsbot.test', '"
                            + oldChange + "', 'it', now() - interval '400 days'), ('lollmsbot.test', '" + newChange
                            + "', 'it', now() - interval '1 day')");
            assertEquals(
                    200,
                    api.put(CONVERSATION_DAYS, "{\"value\":\"365\"}", admin()).status());
            try {
                Api.Reply reply = api.post(HEARTBEAT + "/retention/run", "", admin());
                assertEquals(202, reply.status(), reply::toString);
                JsonObject run = reply.json();
                assertEquals("ok", run.getString("outcome"), run::toString);
                assertTrue(run.getJsonObject("counts").getInt("conversations") >= 1, run::toString);
                assertTrue(run.getJsonObject("counts").getInt("tokens") >= 1, run::toString);
                assertTrue(run.getJsonObject("counts").getInt("settingsChanges") >= 1, run::toString);
                assertTrue(run.getString("detail").contains("kept forever: auditRows"), run::toString);
            } finally {
                api.delete(CONVERSATION_DAYS, admin());
            }
            assertEquals(0, count(db, "SELECT count(*) FROM conversations WHERE id = '" + idle + "'"));
            assertEquals(0, count(db, "SELECT count(*) FROM messages WHERE conversation_id = '" + idle + "'"));
            assertEquals(1, count(db, "SELECT count(*) FROM conversations WHERE id = '" + recent + "'"));
            assertEquals(0, count(db, "SELECT count(*) FROM api_tokens WHERE id = '" + ended + "'"));
            assertEquals(1, count(db, "SELECT count(*) FROM api_tokens WHERE id = '" + live + "'"));
            assertEquals(0, count(db, "SELECT count(*) FROM settings_history WHERE new_value = '" + oldChange + "'"));
            assertEquals(1, count(db, "SELECT count(*) FROM settings_history WHERE new_value = '" + newChange + "'"));
        }
    }

    @Test
    void aLiveLaneLockIsNeverEnded() throws Exception {
        try (Connection db = ItDatabase.superuser()) {
            execute(db, "SELECT pg_advisory_lock(7340001)");
            JsonObject run =
                    api.post(HEARTBEAT + "/stale-lanes/run", "", admin()).json();
            assertEquals("ok", run.getString("outcome"), run::toString);
            assertTrue(run.getJsonObject("counts").getInt("held") >= 1, run::toString);
            assertEquals(0, run.getJsonObject("counts").getInt("ended"), run::toString);
            assertTrue(db.isValid(2), "the session holding a fresh lock is still alive");
        }
    }

    @Test
    void unknownTasksAndBadQueriesAreProblems() {
        assertProblem(api.post(HEARTBEAT + "/no-such-task/run", "", admin()), 404);
        assertProblem(api.post(HEARTBEAT + "/" + "x".repeat(300) + "/run", "", admin()), 404);
        assertProblem(api.get(HEARTBEAT + "/runs?task=Bad%20Name", admin()), 400);
        assertProblem(api.get(HEARTBEAT + "/runs?limit=0", admin()), 400);
        String user = api.createUser("hbpeek", "user");
        assertProblem(api.post(HEARTBEAT + "/retention/run", "", basic(user, Api.passwordOf(user))), 403);
    }

    private JsonObject task(String name) {
        return api.get(HEARTBEAT, admin()).json().getJsonArray("tasks").getValuesAs(JsonObject.class).stream()
                .filter(t -> t.getString("name").equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Polls the run records (bounded) until the task has a run of the given trigger started after {@code since}. */
    private JsonObject awaitRun(String task, String trigger, Instant since, Duration timeout)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            var found = api
                    .get(HEARTBEAT + "/runs?limit=1000&task=" + task, admin())
                    .jsonArray()
                    .getValuesAs(JsonObject.class)
                    .stream()
                    .filter(run -> run.getString("trigger").equals(trigger))
                    .filter(run -> Instant.parse(run.getString("startedAt")).isAfter(since))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + trigger + " run of " + task + " within " + timeout);
    }

    static long userId(Connection db, String username) throws Exception {
        try (PreparedStatement select = db.prepareStatement("SELECT id FROM users WHERE username = ?")) {
            select.setString(1, username);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static void insertConversation(Connection db, UUID id, long userId, String age) throws Exception {
        execute(
                db,
                "INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES ('" + id + "', " + userId
                        + ", 'retention test', now() - interval '" + age + "', now() - interval '" + age + "')");
        execute(
                db,
                "INSERT INTO messages (id, conversation_id, seq, role, content) VALUES ('" + UUID.randomUUID() + "', '"
                        + id + "', 1, 'user', 'old words')");
    }

    private static void execute(Connection db, String sql) throws Exception {
        try (var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (var statement = db.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
