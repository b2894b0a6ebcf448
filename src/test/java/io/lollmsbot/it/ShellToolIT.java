package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ChatIT.chatBody;
import static io.lollmsbot.it.ChatIT.chatRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shell tool against the running server: refused on every chat path while {@code lollmsbot.enable.shell} is off
 * (the default), sandboxed when an admin switches it on.
 */
class ShellToolIT {

    private static final String TOGGLE = "/api/v1/admin/settings/lollmsbot.enable.shell";
    private static final Path WORKSPACES =
            Path.of(System.getProperty("it.data.dir", "target/it-data")).resolve("workspaces");

    private final Api api = Api.server();

    @RegisterExtension
    final FreshUser fresh = new FreshUser("shell");

    @Test
    void offTheToolIsNotOfferedAndAForcedCallIsRefusedAndAudited() throws Exception {
        String arguments = "{\"command\":\"touch /workspace/should-not-exist-chat\"}";
        TestLlm.primary().enqueue(Reply.toolCall("shell", arguments), Reply.text("Done."));
        Api.Reply reply = api.post("/api/v1/chat", chatBody("Create a file", null), fresh.auth());
        assertEquals(200, reply.status(), reply::toString);
        JsonObject call = reply.json().getJsonArray("toolCalls").getJsonObject(0);
        assertEquals("shell", call.getString("name"));
        assertEquals("refused", call.getString("status"));

        JsonObject firstRequest = chatRequests(TestLlm.primary()).get(0).json();
        List<String> offered = firstRequest.getJsonArray("tools").getValuesAs(JsonObject.class).stream()
                .map(tool -> tool.getJsonObject("function").getString("name"))
                .toList();
        assertTrue(offered.contains("calendar"), offered::toString);
        assertFalse(offered.contains("shell"), "the shell is not offered while off: " + offered);

        assertNothingRan("should-not-exist-chat");
        assertEquals(1, refusals(arguments));
        assertFalse(auditMentions("should-not-exist"), "the audit keeps a hash, never the command");
    }

    @Test
    void offAForcedCallThroughTheOpenAiEndpointIsRefusedAndAudited() throws Exception {
        String arguments = "{\"command\":\"touch /workspace/should-not-exist-openai\"}";
        TestLlm.primary().enqueue(Reply.toolCall("shell", arguments), Reply.text("Done."));
        Api.Reply reply = api.post(
                "/v1/chat/completions",
                "{\"model\":\"lollmsbot\",\"messages\":[{\"role\":\"user\",\"content\":\"Create a file\"}]}",
                fresh.auth());
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(
                TestLlm.primary().lastRequest().body().contains("not available"), "the model is told it was refused");
        assertNothingRan("should-not-exist-openai");
        assertEquals(1, refusals(arguments));
    }

    @Test
    void offAForcedCallThroughTheStreamIsRefusedAndAudited() throws Exception {
        String arguments = "{\"command\":\"touch /workspace/should-not-exist-stream\"}";
        TestLlm.primary().enqueue(Reply.toolCall("shell", arguments), Reply.text("Done."));
        Api.Reply reply = api.send(api.request("/api/v1/chat/stream")
                .header("Authorization", fresh.auth())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("Create a file", null))));
        assertEquals(200, reply.status(), reply::toString);
        JsonObject tool = ChatStreamingIT.events(reply.body()).stream()
                .filter(e -> "tool".equals(e.name()))
                .map(e -> json(e.data()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(reply.body()));
        assertEquals("shell", tool.getString("name"));
        assertEquals("refused", tool.getString("status"));
        assertNothingRan("should-not-exist-stream");
        assertEquals(1, refusals(arguments));
    }

    @Test
    void offARefusedCallCarriesTheCallersRequestIdIntoTheAuditAndTheLog() throws Exception {
        String requestId = "refused-" + System.nanoTime();
        String arguments = "{\"command\":\"touch /workspace/should-not-exist-traced\"}";
        TestLlm.primary().enqueue(Reply.toolCall("shell", arguments), Reply.text("Done."));
        Api.Reply reply = api.send(api.request("/api/v1/chat")
                .header("Authorization", fresh.auth())
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("Create a file", null))));
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(requestId, reply.header("X-Request-Id"));

        try (Connection db = database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM audit_log WHERE type = 'tool.refused' AND actor = ? AND request_id = ?")) {
            query.setString(1, fresh.user());
            query.setString(2, requestId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                assertEquals(1, row.getLong(1), "the refusal's audit row names the request");
            }
        }
        // the agent loop runs on a lane worker; its lines carry the id too (Liberty writes the log asynchronously)
        String marker = "\"ext_requestId\":\"" + requestId + "\"";
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> traced = List.of();
        while ((traced.stream().noneMatch(line -> line.contains("tool shell: refused"))
                        || traced.stream().noneMatch(line -> line.contains("turn answered in conversation")))
                && System.currentTimeMillis() < deadline) {
            traced = LibertyServers.messagesLog(LibertyServers.IT_SERVER)
                    .lines()
                    .filter(line -> line.contains(marker))
                    .toList();
            Thread.sleep(200);
        }
        assertTrue(traced.stream().anyMatch(line -> line.contains("tool shell: refused")), traced::toString);
        assertTrue(traced.stream().anyMatch(line -> line.contains("turn answered in conversation")), traced::toString);
    }

    @Test
    void offReadinessReportsTheSandboxWithoutFailing() {
        Api.Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        JsonObject sandbox = sandboxCheck(ready);
        assertEquals("UP", sandbox.getString("status"));
        assertFalse(sandbox.getJsonObject("data").getBoolean("shellEnabled"));
        assertTrue(sandbox.getJsonObject("data").getBoolean("available"), "bubblewrap is installed here: " + sandbox);
        assertFalse(
                sandbox.getJsonObject("data").containsKey("version"), "no versions in anonymous output: " + sandbox);
        JsonObject status = api.get("/api/v1/admin/status", admin()).json().getJsonObject("sandbox");
        assertEquals("up", status.getString("state"), status::toString);
        assertTrue(status.getString("reason").startsWith("bubblewrap"), "admins see the version: " + status);
    }

    @Test
    void onCommandsRunSandboxedInTheUsersWorkspace() throws Exception {
        try {
            switchShell(true);
            JsonObject echo = shell("{\"command\":\"echo hello\"}", "ok");
            assertEquals(0, echo.getInt("exitCode"));
            assertEquals("hello\n", echo.getString("stdout"));
            assertFalse(echo.getBoolean("truncated"));
            assertFalse(echo.getBoolean("timedOut"));
            assertTrue(chatRequests(TestLlm.primary()).get(0).body().contains("\"shell\""), "offered while on");

            assertEquals(
                    0,
                    shell("{\"command\":\"touch /workspace/made-in-sandbox.txt\"}", "ok")
                            .getInt("exitCode"));
            assertTrue(Files.exists(WORKSPACES.resolve(Long.toString(userId())).resolve("made-in-sandbox.txt")));

            assertTrue(shell("{\"command\":\"id\"}", "ok").getString("stdout").startsWith("uid=65534"), "unprivileged");

            JsonObject outside = shell("{\"command\":\"touch /usr/x\"}", "ok");
            assertNotEquals(0, outside.getInt("exitCode"), outside::toString);
            assertTrue(outside.getString("stdout").contains("Read-only file system"), outside::toString);
            assertFalse(Files.exists(Path.of("/usr/x")));

            String interfaces =
                    shell("{\"command\":\"cat /proc/net/dev\"}", "ok").getString("stdout");
            List<String> names = Arrays.stream(interfaces.split("\n"))
                    .filter(line -> line.contains(":"))
                    .map(line -> line.substring(0, line.indexOf(':')).strip())
                    .filter(name -> !name.contains("|"))
                    .toList();
            assertEquals(List.of("lo"), names, "no network but loopback: " + interfaces);
        } finally {
            switchShell(false);
        }
    }

    @Test
    void onThePolicyRefusesOtherProgramsAndShellSyntax() {
        try {
            switchShell(true);
            String python =
                    shell("{\"command\":\"python3 -c 'print(1)'\"}", "error").toString();
            assertTrue(python.contains("not allowed"), python);
            String piped = shell("{\"command\":\"ls | sh\"}", "error").toString();
            assertTrue(piped.contains("Shell syntax is not allowed"), piped);
            String compressor = shell("{\"command\":\"sort --compress-program=sh notes.txt\"}", "error")
                    .toString();
            assertTrue(compressor.contains("runs another program"), compressor);
        } finally {
            switchShell(false);
        }
    }

    @Test
    void onTmpIsCappedAndAFullWorkspaceRunsNothingMore() {
        String maxFiles = "/api/v1/admin/settings/lollmsbot.tools.filesystem.max-files";
        try {
            switchShell(true);
            String tmp = shell("{\"command\":\"stat -f -c '%b %S' /tmp\"}", "ok")
                    .getString("stdout")
                    .strip();
            String[] blocks = tmp.split(" ");
            assertEquals(
                    64L * 1024 * 1024, Long.parseLong(blocks[0]) * Long.parseLong(blocks[1]), "/tmp of max-file-mb");

            assertEquals(200, api.put(maxFiles, "{\"value\":\"1\"}", admin()).status());
            assertEquals(0, shell("{\"command\":\"touch first.txt\"}", "ok").getInt("exitCode"));
            String full = shell("{\"command\":\"touch second.txt\"}", "error").toString();
            assertTrue(full.contains("the most allowed"), full);
        } finally {
            api.delete(maxFiles, admin());
            switchShell(false);
        }
    }

    @Test
    void onACommandIsKilledAtItsTimeLimit() throws Exception {
        try {
            switchShell(true);
            JsonObject slow = shell("{\"command\":\"sleep 37\",\"timeoutSeconds\":2}", "ok");
            assertTrue(slow.getBoolean("timedOut"), slow::toString);
            assertNotEquals(0, slow.getInt("exitCode"));
            for (int i = 0; i < 30 && sleepersLeft() > 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(0, sleepersLeft(), "the whole sandbox was killed");
        } finally {
            switchShell(false);
        }
    }

    @Test
    void onTheShellIsForAdminsUntilAnAdminGrantsItToRoleUser() throws Exception {
        try {
            toggleShell(true);
            JsonObject shipped =
                    api.get("/api/v1/admin/tools", admin()).jsonArray().getValuesAs(JsonObject.class).stream()
                            .filter(tool -> "shell".equals(tool.getString("name")))
                            .findFirst()
                            .orElseThrow();
            assertEquals("[\"admin\"]", shipped.getJsonArray("allowedRoles").toString(), "deny role user by default");
            String arguments = "{\"command\":\"touch /workspace/should-not-exist-policy\"}";
            shell(arguments, "refused");
            assertFalse(chatRequests(TestLlm.primary()).get(0).body().contains("\"shell\""), "not offered to users");
            assertNothingRan("should-not-exist-policy");

            grantShell("[\"user\",\"admin\"]");
            assertEquals("hello\n", shell("{\"command\":\"echo hello\"}", "ok").getString("stdout"));
        } finally {
            switchShell(false);
        }
    }

    /** One chat turn in which the model calls the shell once; returns the tool's result as the model received it. */
    private JsonObject shell(String arguments, String expectedStatus) {
        TestLlm.reset();
        TestLlm.primary().enqueue(Reply.toolCall("shell", arguments), Reply.text("Done."));
        Api.Reply reply = api.post("/api/v1/chat", chatBody("Run it", null), fresh.auth());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(
                expectedStatus,
                reply.json().getJsonArray("toolCalls").getJsonObject(0).getString("status"),
                reply::toString);
        String result =
                TestLlm.primary().lastRequest().json().getJsonArray("messages").getValuesAs(JsonObject.class).stream()
                        .filter(message -> "tool".equals(message.getString("role")))
                        .reduce((first, second) -> second)
                        .orElseThrow()
                        .getString("content");
        return "ok".equals(expectedStatus)
                ? json(result)
                : Json.createObjectBuilder().add("error", result).build();
    }

    /** The shell on (and granted to role user, which the shipped policy denies it to) or off (and admins only). */
    private void switchShell(boolean on) {
        grantShell(on ? "[\"user\",\"admin\"]" : "[\"admin\"]");
        toggleShell(on);
    }

    private void grantShell(String roles) {
        Api.Reply granted = api.put("/api/v1/admin/tools/shell", "{\"allowedRoles\":" + roles + "}", admin());
        assertEquals(200, granted.status(), granted::toString);
    }

    private void toggleShell(boolean on) {
        Api.Reply changed = on ? api.put(TOGGLE, "{\"value\":\"true\"}", admin()) : api.delete(TOGGLE, admin());
        assertTrue(changed.status() == 200 || changed.status() == 204, changed::toString);
        long deadline = System.currentTimeMillis() + 5_000;
        while (sandboxCheck(api.get("/health/ready", null))
                        .getJsonObject("data")
                        .getBoolean("shellEnabled")
                != on) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("lollmsbot.enable.shell=" + on + " not applied within 5 s");
            }
            sleep();
        }
    }

    private static JsonObject sandboxCheck(Api.Reply ready) {
        return ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> "sandbox".equals(check.getString("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sandbox check in " + ready));
    }

    private void assertNothingRan(String file) throws SQLException {
        assertFalse(Files.exists(WORKSPACES.resolve(Long.toString(userId())).resolve(file)), file + " was created");
    }

    private static long sleepersLeft() {
        return ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .map(line -> line.contains("sleep 37"))
                        .orElse(false))
                .count();
    }

    private long userId() throws SQLException {
        try (Connection db = database();
                PreparedStatement query = db.prepareStatement("SELECT id FROM users WHERE username = ?")) {
            query.setString(1, fresh.user());
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next(), fresh.user());
                return row.getLong(1);
            }
        }
    }

    private long refusals(String arguments) throws SQLException {
        try (Connection db = database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT count(*) FROM audit_log "
                                + "WHERE type = 'tool.refused' AND actor = ? AND target = 'shell' AND content_hash = ? AND content_length = ?")) {
            query.setString(1, fresh.user());
            query.setString(2, sha256(arguments));
            query.setInt(3, arguments.length());
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private boolean auditMentions(String text) throws SQLException {
        try (Connection db = database();
                PreparedStatement query = db.prepareStatement("SELECT count(*) FROM audit_log "
                        + "WHERE concat_ws(' ', actor, target, rule_ids, verdict) LIKE ?")) {
            query.setString(1, "%" + text + "%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1) > 0;
            }
        }
    }

    private static Connection database() throws SQLException {
        return ItDatabase.superuser();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
