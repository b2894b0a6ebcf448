package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The IT server's server.env sets LOLLMSBOT_HTTP_MAX_BODY_BYTES, which pins (locks) that key. */
class SettingsIT {

    private static final String SETTINGS = "/api/v1/admin/settings/";
    private final Api api = Api.server();

    @Test
    void everyKeyIsListedWithItsSourceAndLock() {
        Map<String, JsonObject> settings = list();
        for (String key : new String[] {
            "lollmsbot.cors.origins",
            "lollmsbot.enable.shell",
            "lollmsbot.ratelimit.chat.per-minute",
            "lollmsbot.chat.max-message-chars"
        }) {
            assertTrue(settings.containsKey(key), key);
            assertFalse(settings.get(key).getString("description").isBlank());
        }
        JsonObject pinned = settings.get("lollmsbot.http.max-body-bytes");
        assertEquals("environment", pinned.getString("source"));
        assertTrue(pinned.getBoolean("locked"));
        assertEquals("1048576", pinned.getString("value"));

        assertFalse(settings.get("lollmsbot.agent.max-tool-rounds").getBoolean("locked"));
        assertEquals("default", settings.get("lollmsbot.agent.max-tool-rounds").getString("source"));
        assertTrue(settings.get("lollmsbot.data.dir").getBoolean("locked"), "read at startup only");
    }

    @Test
    void everyKeySaysHowToEditItAndWhyItIsLocked() {
        Map<String, JsonObject> settings = list();
        assertEquals("boolean", settings.get("lollmsbot.enable.shell").getString("input"));
        assertEquals("list", settings.get("lollmsbot.cors.origins").getString("input"));
        JsonObject rounds = settings.get("lollmsbot.agent.max-tool-rounds");
        assertEquals("integer", rounds.getString("input"));
        assertEquals(0, rounds.getInt("min"));
        assertEquals(20, rounds.getInt("max"));
        assertEquals(
                List.of("openai", "ollama"),
                settings.get("lollmsbot.llm.provider").getJsonArray("choices").getValuesAs(JsonString::getString));
        assertTrue(settings.get("lollmsbot.llm.api-key").getBoolean("secret"));
        assertTrue(settings.get("lollmsbot.http.max-body-bytes")
                .getString("lockReason")
                .contains("environment variable"));
        assertTrue(settings.get("lollmsbot.data.dir").getString("lockReason").contains("read at startup only"));
        assertTrue(
                !rounds.containsKey("lockReason") || rounds.isNull("lockReason"), "an editable key has no lock reason");
    }

    @Test
    void aChangeIsReadBackThroughConfigAtOnceAndAResetFallsBackToTheDefault() {
        String key = "lollmsbot.agent.max-tool-rounds";
        try {
            Api.Reply changed = api.put(SETTINGS + key, "{\"value\":\"7\"}", admin());
            assertEquals(200, changed.status(), changed::toString);
            assertEquals("database", changed.json().getString("source"));

            JsonObject read = api.get(SETTINGS + key, admin()).json();
            assertEquals("7", read.getString("value"));
            assertEquals("database", read.getString("source"));
            assertEquals("7", list().get(key).getString("value"));
        } finally {
            assertEquals(204, api.delete(SETTINGS + key, admin()).status());
        }
        JsonObject reset = api.get(SETTINGS + key, admin()).json();
        assertEquals("5", reset.getString("value"));
        assertEquals("default", reset.getString("source"));

        Api.Reply history = api.get(SETTINGS + "history?key=" + key + "&limit=2", admin());
        assertEquals(200, history.status(), history::toString);
        JsonArray changes = history.jsonArray();
        assertEquals(2, changes.size(), history::toString);
        JsonObject resetChange = changes.getJsonObject(0);
        assertEquals(key, resetChange.getString("key"));
        assertEquals("7", resetChange.getString("oldValue"));
        assertFalse(resetChange.containsKey("newValue"), "a reset has no new value");
        assertEquals("admin", resetChange.getString("changedBy"));
        JsonObject change = changes.getJsonObject(1);
        assertEquals("5", change.getString("oldValue"));
        assertEquals("7", change.getString("newValue"));
    }

    @Test
    void theHistoryMasksSecretsIsForAdminsOnlyAndRefusesBadLimits() {
        String key = "lollmsbot.llm.fallback.api-key";
        String secret = "history-secret-" + System.nanoTime();
        try {
            assertEquals(
                    200,
                    api.put(SETTINGS + key, "{\"value\":\"" + secret + "\"}", admin())
                            .status());
        } finally {
            assertEquals(204, api.delete(SETTINGS + key, admin()).status());
        }
        Api.Reply history = api.get(SETTINGS + "history?key=" + key + "&limit=2", admin());
        assertEquals(200, history.status(), history::toString);
        assertFalse(history.body().contains(secret), "a secret value is never stored or shown");
        assertEquals("********", history.jsonArray().getJsonObject(1).getString("newValue"));
        assertEquals("********", history.jsonArray().getJsonObject(0).getString("oldValue"));

        assertProblem(api.get(SETTINGS + "history?limit=0", admin()), 400);
        assertProblem(api.get(SETTINGS + "history?limit=1001", admin()), 400);
        String user = api.createUser("historyreader", "user");
        assertProblem(api.get(SETTINGS + "history", Api.basic(user, Api.passwordOf(user))), 403);
    }

    @Test
    void invalidUnknownAndLockedChangesAreRefused() {
        JsonObject invalid = assertProblem(
                api.put(SETTINGS + "lollmsbot.chat.max-message-chars", "{\"value\":\"lots\"}", admin()), 400);
        assertEquals("value", invalid.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertProblem(api.put(SETTINGS + "lollmsbot.cors.origins", "{\"value\":\"*\"}", admin()), 400);
        assertProblem(api.put(SETTINGS + "lollmsbot.enable.shell", "{}", admin()), 400);
        assertProblem(api.put(SETTINGS + "lollmsbot.no.such.key", "{\"value\":\"1\"}", admin()), 404);
        assertProblem(api.get(SETTINGS + "lollmsbot.no.such.key", admin()), 404);
        assertProblem(api.put(SETTINGS + "lollmsbot.http.max-body-bytes", "{\"value\":\"2048\"}", admin()), 409);
        assertProblem(api.delete(SETTINGS + "lollmsbot.http.max-body-bytes", admin()), 409);
        assertEquals(
                "1048576",
                api.get(SETTINGS + "lollmsbot.http.max-body-bytes", admin())
                        .json()
                        .getString("value"));
        assertProblem(api.put(SETTINGS + "lollmsbot.data.dir", "{\"value\":\"/tmp/elsewhere\"}", admin()), 409);
    }

    @Test
    void secretValuesAreNeverReturned() {
        String key = "lollmsbot.llm.api-key";
        try {
            Api.Reply changed = api.put(SETTINGS + key, "{\"value\":\"sk-very-secret-value\"}", admin());
            assertEquals(200, changed.status(), changed::toString);
            assertFalse(changed.body().contains("sk-very-secret-value"));
            assertFalse(api.get("/api/v1/admin/settings", admin()).body().contains("sk-very-secret-value"));
            assertEquals("database", api.get(SETTINGS + key, admin()).json().getString("source"));
        } finally {
            api.delete(SETTINGS + key, admin());
        }
    }

    private Map<String, JsonObject> list() {
        Api.Reply reply = api.get("/api/v1/admin/settings", admin());
        assertEquals(200, reply.status(), reply::toString);
        return reply.jsonArray().getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(s -> s.getString("key"), Function.identity()));
    }
}
