package io.lollmsbot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Starts and stops Liberty servers of the runtime `mvn verify` installed, as an operator would with bin/server. */
final class LibertyServers {

    static final Path WLP = Path.of(System.getProperty("it.wlp.dir", "target/liberty/wlp"));
    static final String IT_SERVER = System.getProperty("it.server", "lollmsbot-it-19080");

    private LibertyServers() {}

    static Path directory(String server) {
        return WLP.resolve("usr/servers").resolve(server);
    }

    static void start(String server) {
        run("start", server);
    }

    static void stop(String server) {
        run("stop", server);
    }

    private static void run(String action, String server) {
        try {
            Process process = new ProcessBuilder(
                            List.of(WLP.resolve("bin/server").toString(), action, server))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(Duration.ofMinutes(6).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + server + " did not finish");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("server " + action + " " + server + " exited " + process.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until readiness reports the database UP (the LLM check may be DOWN: these servers have no LLM).
     */
    static void awaitDatabaseReady(Api api, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                String body = api.get("/health/ready", null).body();
                if (body.contains("{\"name\":\"database\",\"status\":\"UP\"")) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // connection refused while the server starts
            }
            sleep();
        }
        throw new AssertionError("server not ready within " + timeout);
    }

    static boolean postgresRunningIn(Path dataDirectory) {
        String marker = dataDirectory.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .anyMatch(
                        p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false));
    }

    static String messagesLog(String server) throws IOException {
        return Files.readString(directory(server).resolve("logs/messages.log"));
    }

    /** The pause between two polls of a bounded wait. */
    static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A second server beside the test server: same runtime, same application, its own environment. */
    static void cloneItServer(String server, String environment) throws IOException {
        Path source = directory(IT_SERVER);
        Path target = directory(server);
        deleteRecursively(target);
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path relative = source.relativize(file);
                // resources holds the keystore and LTPA keys: each server makes its own
                if (relative.startsWith("workarea")
                        || relative.startsWith("logs")
                        || relative.startsWith("dropins")
                        || relative.startsWith("resources")
                        || relative.toString().equals("server.env")) {
                    continue;
                }
                Path copy = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Files.writeString(target.resolve("server.env"), environment);
    }

    /**
     * Clones the test server as a second node on the test server's database (as its application role, with the same
     * audit key) and returns its HTTP port; start it with {@link #start}. {@code extraEnvironment} holds further
     * server.env lines.
     */
    static int cloneAsSecondNode(String server, String extraEnvironment) throws IOException {
        int httpPort = freePort();
        cloneItServer(
                server,
                """
                LOLLMSBOT_HTTP_PORT=%d
                LOLLMSBOT_HTTPS_PORT=%d
                LOLLMSBOT_DB_URL=jdbc:postgresql://127.0.0.1:%s/postgres
                LOLLMSBOT_DB_USER=%s
                LOLLMSBOT_DB_PASSWORD=%s
                LOLLMSBOT_AUDIT_HMAC_KEY=%s
                LOLLMSBOT_DATA_DIR=%s
                LOLLMSBOT_TLS_KEYSTORE_PASSWORD=%s-keystore-Secret
                """.formatted(
                                        httpPort,
                                        freePort(),
                                        System.getProperty("it.db.port", "55433"),
                                        ItDatabase.APP_ROLE,
                                        ItDatabase.APP_PASSWORD,
                                        ItDatabase.auditKey(),
                                        Path.of("target/" + server + "-data").toAbsolutePath(),
                                        server)
                        + extraEnvironment);
        return httpPort;
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
