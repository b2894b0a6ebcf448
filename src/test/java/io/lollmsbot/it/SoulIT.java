package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The persona API against the running server: edit, history, diff, rollback, and what the model receives. */
class SoulIT {

    static final String SOUL = "/api/v1/admin/soul";
    static final String EDITED = """
            # Orbit

            ## Purpose
            Help the astronomy club plan observing nights (marker-7f3a).

            ## Traits
            - Precise: gives coordinates with units

            ## Values
            - Safety first at night (priority 10)
            - Be brief (priority 4)

            ## Boundaries
            - Never share members' addresses.
            """;

    private final Api api = Api.server();

    @BeforeEach
    void freshLlm() {
        TestLlm.reset();
    }

    static String edit(String markdown, Integer version) {
        var body = Json.createObjectBuilder().add("markdown", markdown);
        if (version != null) {
            body.add("version", version);
        }
        return body.build().toString();
    }

    @Test
    void anEditChangesTheSystemPromptAndARollbackRestoresIt() {
        JsonObject original = api.get(SOUL, admin()).json();
        int start = original.getInt("version");
        String user = api.createUser("soul", "user");
        assertFalse(systemPromptOfATurn(user).contains("marker-7f3a"));

        Api.Reply edited = api.put(SOUL, edit(EDITED, start), admin());
        assertEquals(200, edited.status(), edited::toString);
        assertEquals(start + 1, edited.json().getInt("version"));
        assertEquals(EDITED, api.get(SOUL, admin()).json().getString("markdown"), "stored exactly as sent");
        String prompt = systemPromptOfATurn(user);
        assertTrue(prompt.startsWith("You are Orbit.\n"), prompt);
        assertTrue(prompt.contains("marker-7f3a"), "the next turn uses the new version at once");
        assertTrue(prompt.indexOf("Safety first") < prompt.indexOf("Be brief"), "values by priority");

        JsonArray versions = api.get(SOUL + "/versions", admin()).jsonArray();
        assertEquals(start + 1, versions.getJsonObject(0).getInt("version"));
        assertEquals("admin", versions.getJsonObject(0).getString("createdBy"));
        JsonObject diff = api.get(SOUL + "/diff?from=" + start + "&to=" + (start + 1), admin())
                .json();
        assertTrue(diff.getInt("added") > 0 && diff.getInt("removed") > 0, diff::toString);
        assertTrue(diff.getJsonArray("lines").stream()
                .map(JsonObject.class::cast)
                .anyMatch(l ->
                        l.getString("op").equals("+") && l.getString("text").equals("# Orbit")));

        Api.Reply rolledBack = api.post(SOUL + "/rollback", "{\"version\":" + start + "}", admin());
        assertEquals(200, rolledBack.status(), rolledBack::toString);
        assertEquals(start + 2, rolledBack.json().getInt("version"));
        assertEquals(start, rolledBack.json().getInt("restoredFrom"));
        assertEquals(original.getString("markdown"), rolledBack.json().getString("markdown"));
        assertFalse(systemPromptOfATurn(user).contains("marker-7f3a"), "the rollback applies to the next turn");
        assertEquals(api.get(SOUL + "/prompt", admin()).json().getString("systemPrompt"), systemPromptOfATurn(user));

        JsonArray audit = api.get("/api/v1/admin/audit?type=soul.rollback&limit=1", admin())
                .jsonArray();
        assertEquals(
                "version " + (start + 2) + " from " + start,
                audit.getJsonObject(0).getString("target"));
        assertEquals(
                "version " + (start + 1),
                api.get("/api/v1/admin/audit?type=soul.update&limit=1", admin())
                        .jsonArray()
                        .getJsonObject(0)
                        .getString("target"));
    }

    @Test
    void aStaleVersionIsAConflictAndChangesNothing() {
        JsonObject original = api.get(SOUL, admin()).json();
        int current = original.getInt("version");
        assertEquals(200, api.put(SOUL, edit(EDITED, current), admin()).status());
        try {
            JsonObject conflict = assertProblem(
                    api.put(SOUL, edit(EDITED.replace("Be brief", "Be very brief"), current), admin()), 409);
            assertTrue(
                    conflict.getString("detail").contains("version " + current + " is no longer the current one"),
                    conflict::toString);
            assertEquals(current + 1, api.get(SOUL, admin()).json().getInt("version"));
        } finally {
            api.post(SOUL + "/rollback", "{\"version\":" + current + "}", admin());
        }
        assertEquals(
                original.getString("markdown"), api.get(SOUL, admin()).json().getString("markdown"));
    }

    @Test
    void badPersonaInputIsA400WithTheReasonAndChangesNothing() {
        int current = api.get(SOUL, admin()).json().getInt("version");
        JsonObject noName = assertProblem(api.put(SOUL, edit("Just some text\n## Purpose\nx", null), admin()), 400);
        assertEquals("markdown", noName.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertTrue(
                noName.getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("message")
                        .contains("'# Name' heading"),
                noName::toString);
        JsonObject priority = assertProblem(
                api.put(SOUL, edit("# X\n## Purpose\na\n## Values\n- loud (priority 42)\n", null), admin()), 400);
        assertTrue(priority.toString().contains("priorities run from 1 to 10"), priority::toString);
        assertProblem(api.put(SOUL, "{}", admin()), 400);
        assertProblem(api.put(SOUL, "{\"markdown\":", admin()), 400);
        assertProblem(api.put(SOUL, edit("# X\n## Purpose\n" + "a".repeat(20_001), null), admin()), 400);
        assertProblem(api.post(SOUL + "/preview", edit("# X\n", null), admin()), 400);
        assertProblem(api.post(SOUL + "/rollback", "{\"version\":999999}", admin()), 404);
        assertProblem(api.post(SOUL + "/rollback", "{\"version\":0}", admin()), 400);
        assertProblem(api.get(SOUL + "/versions/999999", admin()), 404);
        assertEquals(current, api.get(SOUL, admin()).json().getInt("version"));
    }

    @Test
    void previewRendersWithoutSavingAndOnlyAdminsMaySeeTheSoul() {
        int current = api.get(SOUL, admin()).json().getInt("version");
        String prompt =
                api.post(SOUL + "/preview", edit(EDITED, null), admin()).json().getString("systemPrompt");
        assertTrue(prompt.contains("## Values, most important first\n- Safety first at night\n- Be brief"), prompt);
        assertEquals(current, api.get(SOUL, admin()).json().getInt("version"));
        String user = api.createUser("soulpeek", "user");
        assertProblem(api.get(SOUL, basic(user, Api.passwordOf(user))), 403);
    }

    private String systemPromptOfATurn(String user) {
        TestLlm.primary().enqueue(Reply.text("fine"));
        Api.Reply reply = api.post("/api/v1/chat", ChatIT.chatBody("hello", null), basic(user, Api.passwordOf(user)));
        assertEquals(200, reply.status(), reply::toString);
        JsonObject system =
                TestLlm.primary().lastRequest().json().getJsonArray("messages").getJsonObject(0);
        assertEquals("system", system.getString("role"));
        return system.getString("content");
    }
}
