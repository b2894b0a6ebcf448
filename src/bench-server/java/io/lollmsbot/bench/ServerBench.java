package io.lollmsbot.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server benchmark (issue 11): starts the fast scripted LLM and the Liberty server with its embedded database,
 * creates one user with an API token per connection, then for each concurrency level calls the LLM directly and
 * drives chat turns through lollmsbot for a fixed time, and reports throughput, latency, errors, CPU per turn of the
 * Liberty JVM and of PostgreSQL, and the server's resident memory, as Markdown (stdout and target/bench/results.md).
 * Everything it starts it stops; every loop is bounded; only loopback is used.
 *
 * <p>Run it with {@code mvn -Pbench-server package} (see docs/performance.md for the options).
 */
public final class ServerBench {

    static final String MESSAGE = "Summarise in two sentences why unit tests are worth writing.";
    private static final byte[] DIRECT_BODY = ("{\"model\":\"" + FastLlm.MODEL + "\",\"messages\":[{\"role\":\"system\","
            + "\"content\":\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"" + MESSAGE + "\"}]}")
            .getBytes(StandardCharsets.UTF_8);

    private ServerBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        Files.createDirectories(settings.outDir());
        // a profile left by an earlier run must never be reported as this run's
        for (String previous : List.of("server.jfr", "profile.md", "native-profile.collapsed", "native-profile.md")) {
            Files.deleteIfExists(settings.outDir().resolve(previous));
        }
        Report report = new Report(settings);
        report.loadBefore = ProcStats.loadAverage();
        try (FastLlm llm = FastLlm.start(settings.llmPort(), settings.replyChars()); BenchServer server = new BenchServer(settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            progress("starting the server (fresh data directory) ...");
            report.coldStartSeconds = server.start(llm.port());
            progress("ready after %.1f s; Liberty PID %d, PostgreSQL PID %d", report.coldStartSeconds,
                    server.libertyPid(), server.postgresPid());
            List<String> tokens = createUsers(server, settings.users());
            progress("%d users with tokens created; warming up for %.0f s", tokens.size(), settings.warmupSeconds());
            int warmupClients = Math.min(32, tokens.size());
            LoadRun.run(settings.httpPort(), chatClients(tokens, warmupClients, settings), settings.warmupSeconds(),
                    BenchSettings.MAX_REQUESTS_PER_CLIENT);
            try (PgCounters pg = new PgCounters(
                    settings.wlp().resolve("usr/shared/resources/postgresql.jar"), settings.dataDir(), settings.dbPort())) {
                PgCounters.Reading counters = pg.settledReading();
                for (int level : settings.levels()) {
                    Report.Level row = runLevel(settings, server, llm, tokens, level);
                    PgCounters.Reading after = pg.settledReading();
                    report.levels.add(row.withDatabase(counters, after));
                    counters = after;
                }
            }
            report.me = LoadRun.run(settings.httpPort(), List.of(connection -> connection.exchange("GET", "/api/v1/me",
                    "Authorization: Bearer " + tokens.get(0) + "\r\n", null)), settings.directSeconds(), 1_000_000);
            report.live = LoadRun.run(settings.httpPort(), List.of(connection -> connection.exchange("GET", "/health/live",
                    "", null)), settings.directSeconds(), 1_000_000);
        }
        report.loadAfter = ProcStats.loadAverage();
        String markdown = report.markdown();
        System.out.println(markdown);
        Files.writeString(settings.outDir().resolve("results.md"), markdown);
        Path jfr = settings.outDir().resolve("server.jfr");
        if (!settings.jfrLevel().isEmpty() && Files.exists(jfr)) {
            String profile = JfrSummary.summarise(jfr, 30);
            Files.writeString(settings.outDir().resolve("profile.md"), profile);
            System.out.println(profile);
        }
        Path collapsed = settings.outDir().resolve("native-profile.collapsed");
        if (!settings.nativeProfileLevel().isEmpty() && !wallProfile(settings)) {
            if (Files.exists(collapsed)) {
                String profile = NativeProfile.summarise(collapsed, 30);
                Files.writeString(settings.outDir().resolve("native-profile.md"), profile);
                System.out.println(profile);
            } else {
                progress("no async-profiler profile: level %s was not run, or the agent %s did not load (its answer"
                        + " is in jcmd.log, its message in the server's console.log)",
                        settings.nativeProfileLevel(), settings.asyncProfiler());
            }
        }
    }

    private static Report.Level runLevel(BenchSettings settings, BenchServer server, FastLlm llm, List<String> tokens,
                                         int level) throws InterruptedException, IOException {
        List<LoadRun.Client> direct = new ArrayList<>();
        for (int i = 0; i < level; i++) {
            direct.add(connection -> connection.exchange("POST", "/v1/chat/completions",
                    "Authorization: Bearer bench\r\n", DIRECT_BODY));
        }
        LoadRun.Result directResult = LoadRun.run(llm.port(), direct, settings.directSeconds(),
                BenchSettings.MAX_REQUESTS_PER_CLIENT);
        boolean jfr = settings.jfrLevel().equals(Integer.toString(level));
        boolean nativeProfile = settings.nativeProfileLevel().equals(Integer.toString(level));
        if (jfr) {
            server.jcmd("JFR.start", "name=bench", "settings=profile");
        }
        Path collapsed = settings.outDir().resolve("native-profile.collapsed");
        if (nativeProfile) {
            NativeProfile.start(server, settings.asyncProfiler(), settings.nativeProfileEvent());
        }
        Map<Long, ProcStats.ThreadCpu> threadsBefore = ProcStats.threadCpuMillis(server.libertyPid());
        double libertyBefore = ProcStats.cpuMillis(server.libertyPid());
        double postgresBefore = ProcStats.treeCpuMillis(server.postgresPid());
        double clientBefore = ProcStats.cpuMillis(ProcessHandle.current().pid());
        AtomicLong maxRss = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            long deadline = System.nanoTime() + (long) ((settings.seconds() + 60) * 1e9);
            while (running.get() && System.nanoTime() < deadline) {
                maxRss.accumulateAndGet(ProcStats.rssKiB(server.libertyPid()), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        LoadRun.Result result = LoadRun.run(settings.httpPort(), chatClients(tokens, level, settings), settings.seconds(),
                BenchSettings.MAX_REQUESTS_PER_CLIENT);
        running.set(false);
        sampler.join();
        double libertyCpu = ProcStats.cpuMillis(server.libertyPid()) - libertyBefore;
        Map<String, Double> threadCpu =
                ProcStats.threadGroupCpuMillis(threadsBefore, ProcStats.threadCpuMillis(server.libertyPid()));
        double postgresCpu = ProcStats.treeCpuMillis(server.postgresPid()) - postgresBefore;
        double clientCpu = ProcStats.cpuMillis(ProcessHandle.current().pid()) - clientBefore;
        if (jfr) {
            server.jcmd("JFR.stop", "name=bench", "filename=" + settings.outDir().resolve("server.jfr"));
        }
        if (nativeProfile) {
            NativeProfile.stop(server, settings.asyncProfiler(), collapsed);
            if (wallProfile(settings) && Files.exists(collapsed)) {
                String profile = WallProfile.summarise(collapsed, result.ok());
                Files.writeString(settings.outDir().resolve("native-profile.md"), profile);
                System.out.println(profile);
            }
        }
        List<String> profilers = new ArrayList<>();
        if (jfr) {
            profilers.add("JFR");
        }
        if (nativeProfile) {
            profilers.add("async-profiler");
        }
        Report.Level row = new Report.Level(level, result, directResult, libertyCpu, postgresCpu, clientCpu,
                maxRss.get(), String.join(" and ", profilers), Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, threadCpu);
        progress("%s", row.summaryLine());
        return row;
    }

    private static boolean wallProfile(BenchSettings settings) {
        return settings.nativeProfileEvent().equals("wall");
    }

    static List<LoadRun.Client> chatClients(List<String> tokens, int count, BenchSettings settings) {
        List<LoadRun.Client> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(new ChatUser(tokens.get(i), settings.turnsPerConversation()));
        }
        return clients;
    }

    /** Creates bench-001 ... with the role user and one API token each, a few at a time (password hashing is slow). */
    private static List<String> createUsers(BenchServer server, int count) throws Exception {
        String admin = "Authorization: " + server.adminAuthorization() + "\r\n";
        String stamp = Long.toString(Instant.now().getEpochSecond(), 36);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String username = String.format(Locale.ROOT, "bench-%s-%03d", stamp, i);
                tokens.add(pool.submit(() -> {
                    try (HttpConnection connection = new HttpConnection(server.httpPort())) {
                        int created = connection.exchange("POST", "/api/v1/admin/users", admin, ("{\"username\":\"" + username
                                + "\",\"password\":\"bench-user-Secret-42\",\"roles\":[\"user\"],\"enabled\":true}")
                                .getBytes(StandardCharsets.UTF_8));
                        if (created != 201) {
                            throw new IllegalStateException("creating " + username + " answered " + created + ": " + connection.body());
                        }
                        int issued = connection.exchange("POST", "/api/v1/admin/users/" + username + "/tokens", admin,
                                "{\"name\":\"bench\"}".getBytes(StandardCharsets.UTF_8));
                        if (issued != 201) {
                            throw new IllegalStateException("a token for " + username + " answered " + issued + ": " + connection.body());
                        }
                        return jsonString(connection.body(), "token");
                    }
                }));
            }
            List<String> result = new ArrayList<>();
            for (Future<String> token : tokens) {
                result.add(token.get());
            }
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The value of a string field in a flat JSON answer; enough for the ids and tokens the server sends. */
    static String jsonString(String json, String field) {
        String key = "\"" + field + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            return null;
        }
        start += key.length();
        return json.substring(start, json.indexOf('"', start));
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    /** One user's chat: a new conversation, continued for a few turns, then the next one. */
    private static final class ChatUser implements LoadRun.Client {

        private final String headers;
        private final int turnsPerConversation;
        private String conversation;
        private int turns;

        ChatUser(String token, int turnsPerConversation) {
            this.headers = "Authorization: Bearer " + token + "\r\nAccept: application/json\r\n";
            this.turnsPerConversation = turnsPerConversation;
        }

        @Override
        public int call(HttpConnection connection) throws IOException {
            String body = conversation == null ? "{\"message\":\"" + MESSAGE + "\"}"
                    : "{\"message\":\"" + MESSAGE + "\",\"conversationId\":\"" + conversation + "\"}";
            int status = connection.exchange("POST", "/api/v1/chat", headers, body.getBytes(StandardCharsets.UTF_8));
            if (status == 200) {
                if (conversation == null) {
                    conversation = jsonString(connection.body(), "conversationId");
                }
                if (++turns >= turnsPerConversation) {
                    conversation = null;
                    turns = 0;
                }
            }
            return status;
        }
    }
}
