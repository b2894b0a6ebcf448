package io.lollmsbot.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import static io.lollmsbot.it.Api.admin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationsIT {

    private final Api api = Api.server();

    @Test
    void readinessChecksTheEmbeddedDatabaseAndTheLlm() {
        TestLlm.reset();
        Api.Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready::toString);
        JsonObject database = check(ready.json(), "database");
        assertEquals("UP", database.getString("status"));
        assertTrue(database.getJsonObject("data").getString("mode").startsWith("embedded PostgreSQL"));
        assertEquals("UP", check(ready.json(), "llm").getString("status"));
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

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }
}
