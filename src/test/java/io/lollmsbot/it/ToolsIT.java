package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ToolTurns.call;
import static io.lollmsbot.it.ToolTurns.turn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The filesystem and calendar tools, the per-role tool policy, schema validation and the call caps, through real
 * chat turns against the running server with the scripted model.
 */
class ToolsIT {

    private static final Path DATA = Path.of(System.getProperty("it.data.dir", "target/it-data"));

    private final Api api = Api.server();
    private String user;
    private String auth;

    @BeforeEach
    void freshUser() {
        user = api.createUser("tools", "user");
        auth = basic(user, Api.passwordOf(user));
    }

    @Test
    void filesystemWritesListsReadsMovesAndDeletesInTheWorkspace() {
        String binary = Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, (byte) 0xff});
        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall(
                                "filesystem",
                                "{\"action\":\"write\",\"path\":\"notes/plan.txt\",\"content\":\"Ship the tools on Friday\"}")
                        .andToolCall(
                                "filesystem",
                                "{\"action\":\"write\",\"path\":\"blob.bin\",\"content\":\"" + binary
                                        + "\",\"encoding\":\"base64\"}"),
                Reply.toolCall("filesystem", "{\"action\":\"read\",\"path\":\"notes/plan.txt\"}")
                        .andToolCall(
                                "filesystem", "{\"action\":\"read\",\"path\":\"blob.bin\",\"encoding\":\"base64\"}")
                        .andToolCall("filesystem", "{\"action\":\"list\",\"path\":\"notes\"}"),
                Reply.toolCall(
                                "filesystem",
                                "{\"action\":\"move\",\"path\":\"notes/plan.txt\",\"to\":\"done/plan.txt\"}")
                        .andToolCall("filesystem", "{\"action\":\"delete\",\"path\":\"blob.bin\"}")
                        .andToolCall("filesystem", "{\"action\":\"read\",\"path\":\"blob.bin\"}"));
        assertEquals(
                List.of("ok", "ok", "ok", "ok", "ok", "ok", "ok", "error"),
                calls.stream().map(ToolTurns.Call::status).toList(),
                calls::toString);
        assertEquals("Ship the tools on Friday", json(calls.get(2).result()).getString("content"));
        assertEquals(binary, json(calls.get(3).result()).getString("content"));
        assertTrue(calls.get(4).result().contains("\"name\":\"plan.txt\""), calls.get(4)::result);
        assertTrue(calls.get(7).result().contains("not a file"), calls.get(7)::result);
    }

    @Test
    void filesystemRefusesTraversalAbsolutePathsAndSymlinkEscapes() throws Exception {
        Path secret = Files.writeString(DATA.resolve("outside-secret-" + user + ".txt"), "TOP-SECRET-" + user);
        String marker = "marker-" + user + ".txt";
        call(api, auth, "filesystem", "{\"action\":\"write\",\"path\":\"" + marker + "\",\"content\":\"x\"}");
        Path workspace;
        try (var workspaces = Files.list(DATA.resolve("workspaces"))) {
            workspace = workspaces
                    .filter(dir -> Files.exists(dir.resolve(marker)))
                    .findFirst()
                    .orElseThrow();
        }
        Files.createSymbolicLink(workspace.resolve("escape.txt"), secret);
        Files.createSymbolicLink(workspace.resolve("up"), DATA);

        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall("filesystem", "{\"action\":\"read\",\"path\":\"../../outside-secret-" + user + ".txt\"}")
                        .andToolCall("filesystem", "{\"action\":\"read\",\"path\":\"" + secret + "\"}")
                        .andToolCall("filesystem", "{\"action\":\"read\",\"path\":\"escape.txt\"}")
                        .andToolCall(
                                "filesystem", "{\"action\":\"read\",\"path\":\"up/outside-secret-" + user + ".txt\"}")
                        .andToolCall(
                                "filesystem", "{\"action\":\"write\",\"path\":\"up/planted.txt\",\"content\":\"x\"}"));
        assertEquals(
                List.of("refused", "refused", "refused", "refused", "refused"),
                calls.stream().map(ToolTurns.Call::status).toList(),
                calls::toString);
        assertTrue(calls.get(0).result().contains("'..'"), calls.get(0)::result);
        assertTrue(calls.get(1).result().contains("Absolute"), calls.get(1)::result);
        assertTrue(calls.get(2).result().contains("symbolic link"), calls.get(2)::result);
        assertFalse(
                TestLlm.primary().lastRequest().body().contains("TOP-SECRET"),
                "nothing from outside reached the model");
        assertFalse(Files.exists(DATA.resolve("planted.txt")));
    }

    @Test
    void calendarAddsUpdatesExportsAndImports() {
        String id = json(call(
                                api,
                                auth,
                                "calendar",
                                "{\"action\":\"add\",\"title\":\"Design review\",\"start\":\"2026-06-01T09:00:00Z\"}")
                        .result())
                .getString("added");
        ToolTurns.Call updated = call(
                api,
                auth,
                "calendar",
                "{\"action\":\"update\",\"id\":\"" + id
                        + "\",\"title\":\"Design review, v2\",\"end\":\"2026-06-01T10:00:00Z\"}");
        assertEquals("ok", updated.status(), updated::toString);

        ToolTurns.Call exported = call(api, auth, "calendar", "{\"action\":\"export\"}");
        String ics = json(exported.result()).getString("ics");
        assertTrue(ics.contains("SUMMARY:Design review\\, v2\r\n"), ics);
        assertTrue(ics.contains("DTSTART:20260601T090000Z") && ics.contains("DTEND:20260601T100000Z"), ics);

        String other =
                "BEGIN:VCALENDAR\\r\\nBEGIN:VEVENT\\r\\nUID:x1\\r\\nSUMMARY:Offsite\\r\\nDTSTART;VALUE=DATE:20260710\\r\\n"
                        + "END:VEVENT\\r\\nEND:VCALENDAR\\r\\n";
        ToolTurns.Call imported = call(api, auth, "calendar", "{\"action\":\"import\",\"ics\":\"" + other + "\"}");
        assertEquals(1, json(imported.result()).getInt("imported"), imported::toString);

        String listed = call(api, auth, "calendar", "{\"action\":\"list\"}").result();
        assertTrue(listed.contains("Design review, v2") && listed.contains("\"end\":\"2026-06-01T10:00:00Z\""), listed);
        assertTrue(listed.contains("\"title\":\"Offsite\",\"start\":\"2026-07-10T00:00:00Z\""), listed);
    }

    @Test
    void aCalendarCallThatCannotBeDoneTellsTheModelWhyAndChangesNothing() {
        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall("calendar", "{\"action\":\"add\",\"title\":\"No start\"}")
                        .andToolCall("calendar", "{\"action\":\"delete\",\"id\":\"" + UUID.randomUUID() + "\"}"));
        assertEquals(
                List.of("error", "error"),
                calls.stream().map(ToolTurns.Call::status).toList());
        assertEquals("start is required.", calls.get(0).result());
        assertEquals("No such event.", calls.get(1).result());
        assertEquals(
                "{\"events\":[]}",
                call(api, auth, "calendar", "{\"action\":\"list\"}").result(),
                "nothing was added");
    }

    @Test
    void argumentsThatBreakTheSchemaAreNotRun() {
        List<ToolTurns.Call> calls = turn(
                api,
                auth,
                Reply.toolCall("calendar", "{\"action\":\"explode\"}")
                        .andToolCall("filesystem", "{\"action\":\"write\",\"path\":7}")
                        .andToolCall(
                                "calendar",
                                "{\"action\":\"add\",\"title\":\"x\",\"start\":\"2026-01-01T00:00:00Z\",\"owner\":\"admin\"}")
                        .andToolCall("calendar", "[1,2]"));
        for (ToolTurns.Call call : calls) {
            assertEquals("error", call.status(), call::toString);
            assertTrue(call.result().startsWith("Invalid arguments for tool"), call::result);
        }
        assertTrue(calls.get(0).result().contains("/action"), calls.get(0)::result);
        assertTrue(calls.get(2).result().contains("owner"), calls.get(2)::result);
        assertEquals(
                "{\"events\":[]}",
                call(api, auth, "calendar", "{\"action\":\"list\"}").result(),
                "nothing was added");
    }

    @Test
    void thePolicyDeniesByRoleOnEveryCallAndOffersOnlyGrantedTools() {
        ToolTurns.Call denied = call(api, auth, "http", "{\"url\":\"https://example.com/\"}");
        assertEquals("refused", denied.status(), denied::toString);
        assertTrue(denied.result().contains("not available"), denied::result);
        List<String> offered = ToolTurns.offered();
        assertTrue(offered.contains("calendar") && offered.contains("filesystem"), offered::toString);
        assertFalse(offered.contains("http"), "http is for admins unless granted: " + offered);

        try {
            ToolTurns.grant(api, "calendar", "admin");
            assertEquals(
                    "refused",
                    call(api, auth, "calendar", "{\"action\":\"list\"}").status());
            assertFalse(ToolTurns.offered().contains("calendar"));
            String adminAuth = admin();
            assertEquals(
                    "ok",
                    call(api, adminAuth, "calendar", "{\"action\":\"list\"}").status(),
                    "an admin still may");
        } finally {
            ToolTurns.grant(api, "calendar", "user", "admin");
        }
        assertEquals("ok", call(api, auth, "calendar", "{\"action\":\"list\"}").status());
    }

    @Test
    void callsBeyondTheCapOfOneResponseAreRefused() {
        Reply six = Reply.toolCall("calendar", "{\"action\":\"list\"}");
        for (int i = 0; i < 5; i++) {
            six = six.andToolCall("calendar", "{\"action\":\"list\"}");
        }
        List<ToolTurns.Call> calls = turn(api, auth, six);
        assertEquals(
                List.of("ok", "ok", "ok", "ok", "ok", "refused"),
                calls.stream().map(ToolTurns.Call::status).toList());
        assertTrue(calls.get(5).result().contains("at most 5 tool calls"), calls.get(5)::result);
    }

    @Test
    void adminsSeeAndChangeThePolicyOthersCannot() {
        Api.Reply tools = api.get("/api/v1/admin/tools", admin());
        assertEquals(200, tools.status(), tools::toString);
        List<String> names = tools.jsonArray().getValuesAs(JsonObject.class).stream()
                .map(t -> t.getString("name"))
                .toList();
        assertEquals(List.of("calendar", "filesystem", "http", "secret_scan", "shell"), names);
        JsonObject http = tools.jsonArray().getValuesAs(JsonObject.class).get(2);
        assertEquals(
                List.of("admin"),
                http.getJsonArray("allowedRoles").getValuesAs(jakarta.json.JsonString.class).stream()
                        .map(jakarta.json.JsonString::getString)
                        .toList());
        assertEquals("object", http.getJsonObject("parameters").getString("type"));

        assertEquals(403, api.get("/api/v1/admin/tools", auth).status());
        ProblemAssertions.assertProblem(
                api.put("/api/v1/admin/tools/calendar", "{\"allowedRoles\":[\"root\"]}", admin()), 400);
        ProblemAssertions.assertProblem(
                api.put("/api/v1/admin/tools/nope", "{\"allowedRoles\":[\"user\"]}", admin()), 404);
        assertEquals(
                List.of("calendar", "filesystem", "http", "secret_scan", "shell"),
                api.get("/api/v1/admin/tools", admin()).jsonArray().getValuesAs(JsonObject.class).stream()
                        .map(t -> t.getString("name"))
                        .toList(),
                "nothing changed");
    }

    static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
