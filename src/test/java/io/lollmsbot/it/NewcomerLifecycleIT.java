package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Does what the README tells a newcomer, in a fresh copy of this working tree (no target/, no data/): the run
 * command {@code mvn -DskipTests package liberty:run}, then {@code mvn liberty:stop} from another shell. Maven runs
 * offline on the local repository this build already filled; ports are free ones; the LLM is the scripted one, so
 * chat answers. Proves that the run command deploys and starts the application, not only the console. Nothing here
 * touches the test server, so it runs beside the other lifecycle tests (the only class of that run marked so).
 */
@Execution(ExecutionMode.CONCURRENT)
class NewcomerLifecycleIT {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(12);
    private static final Set<String> NOT_COPIED = Set.of("target", "data", ".git");
    private static final String PASSWORD = "newcomer-Admin-42";
    private static final Pattern PROBLEM =
            Pattern.compile("\\b[A-Z]{4,5}\\d{4}[EW]\\b|\"loglevel\":\"(WARNING|SEVERE|ERROR)\"");

    private Path copy;
    private ScriptedLlmServer llm;
    private Process run;

    @BeforeEach
    void freshCopy() throws IOException {
        copy = Files.createTempDirectory("lollmsbot-newcomer");
        copyTree(Path.of("").toAbsolutePath(), copy);
        llm = ScriptedLlmServer.start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (run != null && run.isAlive()) {
                maven(Map.of(), "liberty:stop").waitFor(3, TimeUnit.MINUTES);
                run.destroy();
                run.waitFor(1, TimeUnit.MINUTES);
            }
        } finally {
            llm.close();
            assertFalse(
                    LibertyServers.postgresRunningIn(copy.resolve("data/postgres")),
                    "liberty:stop also stopped the embedded database");
            LibertyServers.deleteRecursively(copy);
        }
    }

    @Test
    void theReadmeRunCommandServesChatAndTheConsoleAndStaysReadyWithoutTheLlm() throws Exception {
        int httpPort = LibertyServers.freePort();
        run = maven(
                Map.of(
                        "LOLLMSBOT_HTTP_PORT", String.valueOf(httpPort),
                        "LOLLMSBOT_HTTPS_PORT", String.valueOf(LibertyServers.freePort()),
                        "LOLLMSBOT_DB_EMBEDDED_PORT", String.valueOf(LibertyServers.freePort()),
                        "LOLLMSBOT_ADMIN_PASSWORD", PASSWORD,
                        "LOLLMSBOT_LLM_PROVIDER", "openai",
                        "LOLLMSBOT_LLM_BASE_URL", llm.openAiBaseUrl(),
                        "LOLLMSBOT_LLM_MODEL", ScriptedLlmServer.MODEL),
                "-DskipTests",
                "package",
                "liberty:run");
        Api api = new Api("http://localhost:" + httpPort);
        String admin = basic("admin", PASSWORD);

        Api.Reply me = awaitAnswer(api, admin);
        assertEquals(200, me.status(), me::toString);
        assertEquals("admin", me.json().getString("username"));

        llm.enqueue(ScriptedLlmServer.Reply.text("Welcome aboard."));
        Api.Reply chat = api.post("/api/v1/chat", "{\"message\":\"Hello!\"}", admin);
        assertEquals(200, chat.status(), chat::toString);
        assertEquals("Welcome aboard.", chat.json().getString("reply"));
        assertEquals(List.of(), problemsLogged(), "a fresh start and a chat log no warning or error");

        Api.Reply console = api.get("/admin/", null);
        assertEquals(200, console.status());
        assertTrue(console.body().contains("id=\"login-form\""), "the admin console is served");

        llm.close();
        assertReadyWithoutTheLlm(api, admin);

        Process stop = maven(Map.of(), "liberty:stop");
        assertTrue(stop.waitFor(3, TimeUnit.MINUTES), "liberty:stop finished");
        assertEquals(0, stop.exitValue());
        assertTrue(run.waitFor(2, TimeUnit.MINUTES), "liberty:run ended after liberty:stop");
    }

    /**
     * The LLM gone: still ready (the database decides), the health data and the admin status say why chat cannot
     * answer, and chat answers 503 with the reason. The LLM probe is cached for 15 s, so this waits up to 30 s.
     */
    private void assertReadyWithoutTheLlm(Api api, String admin) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        Api.Reply ready = api.get("/health/ready", null);
        while (ready.body().contains("\"available\":true") && Instant.now().isBefore(deadline)) {
            Thread.sleep(250);
            ready = api.get("/health/ready", null);
        }
        assertEquals(200, ready.status(), ready::toString);
        assertTrue(ready.body().contains("\"primary\":\"unreachable\""), ready::toString);
        assertFalse(ready.body().contains(String.valueOf(llm.port())), "no internal ports in anonymous health");

        Api.Reply status = api.get("/api/v1/admin/status", admin);
        assertEquals(200, status.status(), status::toString);
        assertEquals("down", status.json().getJsonObject("llm").getString("state"));
        assertTrue(
                status.json()
                        .getJsonObject("llm")
                        .getJsonObject("primary")
                        .getString("reason")
                        .contains(String.valueOf(llm.port())),
                "admins see where the LLM was expected: " + status);
        assertTrue(
                api.get("/metrics", null)
                        .body()
                        .lines()
                        .anyMatch(line -> line.matches("lollmsbot_llm_available\\{.*\\} 0(\\.0)?")),
                "the gauge says the LLM is down");

        Api.Reply chat = api.post("/api/v1/chat", "{\"message\":\"Anyone there?\"}", admin);
        assertEquals(503, chat.status(), chat::toString);
        assertTrue(chat.header("Content-Type").startsWith("application/problem+json"), chat::toString);
    }

    /** Polls /api/v1/me until the application answers (not the 404 of a server without it). */
    private Api.Reply awaitAnswer(Api api, String admin) throws InterruptedException {
        Instant deadline = Instant.now().plus(RUN_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertTrue(run.isAlive(), () -> "liberty:run ended early; see " + copy.resolve("maven.log"));
            try {
                Api.Reply me = api.get("/api/v1/me", admin);
                if (me.status() == 200) {
                    return me;
                }
            } catch (RuntimeException notListeningYet) {
                // the server is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "/api/v1/me did not answer within " + RUN_TIMEOUT + "; see " + copy.resolve("maven.log"));
    }

    /** Lines of the server's messages.log with a Liberty warning or error (e.g. CWWKG0084W) or a record at WARNING or above. */
    private List<String> problemsLogged() throws IOException {
        try (Stream<String> lines =
                Files.lines(copy.resolve("target/liberty/wlp/usr/servers/defaultServer/logs/messages.log"))) {
            return lines.filter(line -> PROBLEM.matcher(line).find()).toList();
        }
    }

    private Process maven(Map<String, String> environment, String... arguments) throws IOException {
        List<String> command = Stream.concat(Stream.of("mvn", "-o", "-B"), Stream.of(arguments))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(copy.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        copy.resolve("maven.log").toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("LOLLMSBOT_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void copyTree(Path source, Path target) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = source.relativize(dir);
                if (relative.getNameCount() == 1 && NOT_COPIED.contains(relative.toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(target.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(
                        file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
