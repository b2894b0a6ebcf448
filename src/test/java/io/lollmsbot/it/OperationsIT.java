package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

class OperationsIT {

    private final Api api = Api.server();

    @Test
    void readinessChecksTheDatabaseAndReportsTheLlmWithoutInternals() throws InterruptedException {
        Api.Reply ready = readyWithTheLlmUp();
        assertEquals(200, ready.status(), ready::toString);
        JsonObject database = check(ready.json(), "database");
        assertEquals("UP", database.getString("status"));
        assertEquals("embedded", database.getJsonObject("data").getString("mode"));
        JsonObject llm = check(ready.json(), "llm");
        assertEquals("UP", llm.getString("status"));
        assertTrue(llm.getJsonObject("data").getBoolean("available"), llm::toString);
        assertEquals("up", llm.getJsonObject("data").getString("primary"));
        for (String internal : new String[] {
            System.getProperty("it.db.port", "55433"),
            System.getProperty("it.llm.port", "19091"),
            "127.0.0.1",
            "localhost",
            "bubblewrap"
        }) {
            assertFalse(api.get("/health", null).body().contains(internal), "anonymous health names " + internal);
        }
    }

    @Test
    void theAdminStatusDetailsEveryDependency() throws InterruptedException {
        readyWithTheLlmUp();
        String user = api.createUser("nosy", "user");
        assertEquals(
                403,
                api.get("/api/v1/admin/status", Api.basic(user, Api.passwordOf(user)))
                        .status());
        Api.Reply status = api.get("/api/v1/admin/status", admin());
        assertEquals(200, status.status(), status::toString);
        JsonObject body = status.json();
        assertEquals("up", body.getJsonObject("database").getString("state"));
        assertTrue(
                body.getJsonObject("database").getString("mode").contains(System.getProperty("it.db.port", "55433")));
        assertEquals("up", body.getJsonObject("llm").getString("state"));
        assertTrue(
                body.getJsonObject("llm")
                        .getJsonObject("primary")
                        .getString("reason")
                        .contains(System.getProperty("it.llm.port", "19091")),
                body::toString);
        assertEquals("up", body.getJsonObject("llm").getJsonObject("fallback").getString("state"));
        assertTrue(body.containsKey("node") && body.containsKey("version"), body::toString);
    }

    @Test
    void livenessAndStartupAreUp() {
        assertEquals(200, api.get("/health/live", null).status());
        Api.Reply started = api.get("/health/started", null);
        assertEquals(200, started.status(), started::toString);
        assertEquals("UP", check(started.json(), "migrations").getString("status"));
    }

    @Test
    void metricsArePrometheusText() {
        api.get("/api/v1/me", admin());
        Api.Reply metrics = api.get("/metrics", null);
        assertEquals(200, metrics.status());
        assertTrue(metrics.header("Content-Type").startsWith("text/plain"), metrics.header("Content-Type"));
        assertTrue(metrics.body().contains("# TYPE"), "Prometheus exposition format");
        assertTrue(metrics.body().contains("mp_scope=\"base\""));
        assertTrue(metrics.body().contains("lollmsbot_llm_available"), "the LLM state is a gauge");
        assertTrue(metrics.body().contains("lollmsbot_sandbox_available"), "the sandbox state is a gauge");
    }

    @Test
    void openApiDescribesTheApi() {
        Api.Reply openapi = api.get("/openapi", null);
        assertEquals(200, openapi.status());
        assertTrue(openapi.body().contains("/api/v1/me"), "documents the endpoints");
        assertTrue(openapi.body().contains("bearer"), "documents the security schemes");
    }

    @Test
    void adminConsoleIsServedWithARestrictivePolicy() {
        Api.Reply console = api.get("/admin/", null);
        assertEquals(200, console.status());
        assertTrue(console.body().contains("id=\"login-form\""));
        assertTrue(console.header("Content-Security-Policy").contains("default-src 'self'"));
    }

    @Test
    void credentialsSentToPagesOutsideTheApiAreIgnored() {
        for (String path : new String[] {"/admin/", "/health/live", "/chat", "/openapi", "/openapi/ui/", "/metrics"}) {
            assertEquals(200, api.get(path, admin()).status(), "admin's Basic credentials on " + path);
            assertEquals(200, api.get(path, Api.bearer("not-a-token")).status(), "a stale token on " + path);
        }
    }

    /**
     * Readiness once the LLM probe saw the scripted LLM up: the probe is cached for 15 s, and the scripted LLM starts
     * with the first test that uses it, possibly after the server probed.
     */
    private Api.Reply readyWithTheLlmUp() throws InterruptedException {
        TestLlm.reset();
        long deadline = System.currentTimeMillis() + 20_000;
        Api.Reply ready = api.get("/health/ready", null);
        while (!ready.body().contains("\"available\":true,\"fallback\"") && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            ready = api.get("/health/ready", null);
        }
        return ready;
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }
}
