package io.lollmsbot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Liberty server under test, started and stopped through the runtime's own {@code server} script, with the
 * embedded PostgreSQL in a fresh data directory and the LLM pointed at the benchmark's {@link FastLlm}. Knows the
 * PIDs of the Liberty JVM and of the PostgreSQL postmaster, and stops both whatever happens.
 */
final class BenchServer implements AutoCloseable {

    static final String ADMIN_PASSWORD = "bench-admin-Secret-42";
    private static final long READY_TIMEOUT_MILLIS = 900_000;
    /** Liberty's application manager messages of type error or warning (CWWKZ0002E: the application failed to start). */
    private static final Pattern APPLICATION_FAILURE = Pattern.compile("\\bCWWKZ\\d{4}[EW]\\b");
    /** The text of a messages.log line in Liberty's JSON format. */
    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final BenchSettings settings;
    private long libertyPid = -1;
    private long postgresPid = -1;
    private double coldStartSeconds;
    private String lastReadiness = "";

    BenchServer(BenchSettings settings) {
        this.settings = settings;
    }

    /** Starts from an empty data directory and waits for /health/ready; returns the seconds that took. */
    double start(int llmPort) throws IOException, InterruptedException {
        deleteTree(settings.dataDir());
        Files.createDirectories(settings.dataDir());
        if (settings.war() != null) {
            // another build of the application (a baseline), on the same runtime and configuration
            Files.copy(settings.war(), settings.wlp().resolve("usr/servers/" + settings.serverName() + "/apps/lollmsbot.war"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder builder = new ProcessBuilder(settings.wlp().resolve("bin/server").toString(), "start",
                settings.serverName(), "--clean").redirectErrorStream(true)
                .redirectOutput(settings.outDir().resolve("server-start.log").toFile());
        Map<String, String> env = builder.environment();
        env.putAll(environment(llmPort));
        long started = System.nanoTime();
        Files.deleteIfExists(messagesLog());
        Process script = builder.start();
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        int status = 0;
        Optional<String> failure = Optional.empty();
        while (System.currentTimeMillis() < deadline && failure.isEmpty()) {
            status = readyStatus();
            if (status == 200) {
                break;
            }
            failure = startFailure(script);
            Thread.sleep(250);
        }
        coldStartSeconds = (System.nanoTime() - started) / 1e9;
        script.waitFor(60, TimeUnit.SECONDS);
        libertyPid = readPid(libertyPidFile());
        postgresPid = readPid(settings.dataDir().resolve("postgres/postmaster.pid"));
        if (failure.isPresent()) {
            throw new IllegalStateException("the server did not start: " + failure.get() + "; see " + messagesLog());
        }
        if (status != 200) {
            throw new IllegalStateException("the server was not ready after " + READY_TIMEOUT_MILLIS / 1000
                    + " s (last /health/ready " + status + " " + lastReadiness + "); see " + settings.outDir().resolve("server-start.log")
                    + " and " + messagesLog());
        }
        return coldStartSeconds;
    }

    private Map<String, String> environment(int llmPort) {
        Map<String, String> env = new HashMap<>();
        env.put("LOLLMSBOT_HTTP_PORT", Integer.toString(settings.httpPort()));
        env.put("LOLLMSBOT_HTTPS_PORT", Integer.toString(settings.httpsPort()));
        env.put("LOLLMSBOT_HTTP_HOST", "127.0.0.1");
        env.put("LOLLMSBOT_DB_EMBEDDED_PORT", Integer.toString(settings.dbPort()));
        env.put("LOLLMSBOT_DATA_DIR", settings.dataDir().toString());
        env.put("LOLLMSBOT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("LOLLMSBOT_LLM_PROVIDER", "openai");
        env.put("LOLLMSBOT_LLM_BASE_URL", "http://127.0.0.1:" + llmPort + "/v1");
        env.put("LOLLMSBOT_LLM_MODEL", FastLlm.MODEL);
        // the per-user rate limit guards a shared server against one user, not what a benchmark measures
        env.put("LOLLMSBOT_RATELIMIT_CHAT_PER_MINUTE", "100000");
        // as the container image and the documented server start run it (docs/performance.md)
        env.put("MALLOC_ARENA_MAX", "2");
        settings.extraEnvironment().forEach(env::put);
        return env;
    }

    private Path libertyPidFile() {
        return settings.wlp().resolve("usr/servers/.pid/" + settings.serverName() + ".pid");
    }

    private Path messagesLog() {
        return settings.wlp().resolve("usr/servers/" + settings.serverName() + "/logs/messages.log");
    }

    /**
     * Why waiting for readiness is pointless, if it is: the application manager reported an error or a warning (the
     * application failed to deploy or to start; it would never be ready), or Liberty is no longer running.
     */
    private Optional<String> startFailure(Process script) throws IOException {
        if (Files.exists(messagesLog())) {
            try (Stream<String> lines = Files.lines(messagesLog())) {
                Optional<String> applicationError = lines.filter(line -> APPLICATION_FAILURE.matcher(line).find()).findFirst();
                if (applicationError.isPresent()) {
                    Matcher message = JSON_MESSAGE.matcher(applicationError.get());
                    return Optional.of(message.find() ? message.group(1) : applicationError.get());
                }
            }
        }
        if (script.isAlive()) {
            return Optional.empty();
        }
        long pid = readPid(libertyPidFile());
        boolean running = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return running ? Optional.empty() : Optional.of("Liberty is not running (start script: " + settings.outDir().resolve("server-start.log") + ")");
    }

    private int readyStatus() {
        try (HttpConnection connection = new HttpConnection(settings.httpPort())) {
            int status = connection.exchange("GET", "/health/ready", "Connection: close\r\n", null);
            lastReadiness = connection.body();
            return status;
        } catch (IOException | RuntimeException notYet) {
            return 0;
        }
    }

    int httpPort() {
        return settings.httpPort();
    }

    long libertyPid() {
        return libertyPid;
    }

    long postgresPid() {
        return postgresPid;
    }

    String adminAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code jcmd} against the Liberty JVM (JFR control); its output goes to the bench log. */
    void jcmd(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(libertyPid)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.outDir().resolve("jcmd.log").toFile())).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Stops Liberty with its script (which stops the embedded database), then ends whatever is left by PID. */
    @Override
    public void close() {
        try {
            Process stop = new ProcessBuilder(settings.wlp().resolve("bin/server").toString(), "stop", settings.serverName())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.outDir().resolve("server-stop.log").toFile()))
                    .start();
            if (!stop.waitFor(120, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("server stop failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long pid : new long[] {libertyPid, postgresPid}) {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    process.destroy();
                    process.onExit().completeOnTimeout(process, 20, TimeUnit.SECONDS).join();
                    if (process.isAlive()) {
                        process.destroyForcibly();
                    }
                });
            }
        }
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readAllLines(file).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
