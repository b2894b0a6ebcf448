package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs after every other IT (its own failsafe execution): stops and restarts the test server, and starts a second
 * server against an external PostgreSQL.
 */
class ServerLifecycleIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void dataSurvivesARestartAndStopAlsoStopsTheEmbeddedDatabase() {
        Api api = Api.server();
        String user = api.createUser("durable", "user");
        Path pgData =
                Path.of(System.getProperty("it.data.dir", "target/it-data")).resolve("postgres");
        assertTrue(LibertyServers.postgresRunningIn(pgData), "embedded PostgreSQL runs while the server does");

        LibertyServers.stop(LibertyServers.IT_SERVER);
        assertFalse(LibertyServers.postgresRunningIn(pgData), "stopping the server stops its database");

        LibertyServers.start(LibertyServers.IT_SERVER);
        LibertyServers.awaitDatabaseReady(api, START_TIMEOUT);
        Api.Reply me = api.get("/api/v1/me", basic(user, Api.passwordOf(user)));
        assertEquals(200, me.status(), me::toString);
    }

    @Test
    void anExternalDatabaseIsUsedWhenConfiguredAndTheAdminPasswordIsGeneratedOnce() throws Exception {
        String server = LibertyServers.IT_SERVER + "-ext";
        Path dataDir = Path.of("target/ext-data").toAbsolutePath();
        int httpPort = LibertyServers.freePort();
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            LibertyServers.cloneItServer(
                    server, """
                    LOLLMSBOT_HTTP_PORT=%d
                    LOLLMSBOT_HTTPS_PORT=%d
                    LOLLMSBOT_DB_URL=jdbc:postgresql://127.0.0.1:%d/postgres
                    LOLLMSBOT_DB_USER=postgres
                    LOLLMSBOT_DB_PASSWORD=postgres
                    LOLLMSBOT_DATA_DIR=%s
                    LOLLMSBOT_TLS_KEYSTORE_PASSWORD=ext-keystore-Secret
                    """.formatted(httpPort, LibertyServers.freePort(), external.getPort(), dataDir));
            Api api = new Api("http://localhost:" + httpPort);
            LibertyServers.start(server);
            try {
                LibertyServers.awaitDatabaseReady(api, START_TIMEOUT);
                Api.Reply ready = api.get("/health/ready", null);
                assertEquals(200, ready.status(), "ready without any LLM configured: " + ready);
                assertTrue(
                        ready.body()
                                .contains("{\"name\":\"database\",\"status\":\"UP\",\"data\":{\"mode\":\"external\"}}"),
                        ready::toString);
                assertTrue(
                        ready.body().contains("\"available\":false")
                                && ready.body().contains("not configured"),
                        "the health data says the LLM is not there: " + ready);
                assertFalse(Files.exists(dataDir.resolve("postgres")), "no embedded database was started");

                String password = generatedAdminPassword(LibertyServers.messagesLog(server));
                assertEquals(
                        200, api.get("/api/v1/me", basic("admin", password)).status());

                try (Connection connection = external.getPostgresDatabase().getConnection();
                        Statement statement = connection.createStatement();
                        ResultSet rows = statement.executeQuery("SELECT username FROM users")) {
                    assertTrue(rows.next());
                    assertEquals("admin", rows.getString(1), "the schema and the admin live in the external database");
                }
            } finally {
                LibertyServers.stop(server);
            }

            LibertyServers.start(server);
            try {
                LibertyServers.awaitDatabaseReady(api, START_TIMEOUT);
                long generated = Pattern.compile("generated password")
                        .matcher(LibertyServers.messagesLog(server))
                        .results()
                        .count();
                assertEquals(0, generated, "the password is written once, on the start that created the admin");
            } finally {
                LibertyServers.stop(server);
            }
        } finally {
            LibertyServers.deleteRecursively(LibertyServers.directory(server));
        }
    }

    private static String generatedAdminPassword(String log) {
        Matcher matcher =
                Pattern.compile("generated password: ([A-Za-z0-9_-]+)").matcher(log);
        assertTrue(matcher.find(), "the generated password is logged");
        String password = matcher.group(1);
        assertFalse(matcher.find(), "exactly once");
        return password;
    }
}
