package io.lollmsbot.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one benchmark run does, from system properties (the Maven profile passes them through). */
record BenchSettings(Path wlp, String serverName, Path outDir, Path dataDir, int httpPort, int httpsPort, int dbPort,
                     int llmPort, List<Integer> levels, double seconds, double warmupSeconds, double directSeconds,
                     int turnsPerConversation, int replyChars, String jfrLevel, String nativeProfileLevel, String nativeProfileEvent, Path asyncProfiler,
                     Map<String, String> extraEnvironment, Path war) {

    /** No client sends more than this many requests in one level, whatever the duration. */
    static final int MAX_REQUESTS_PER_CLIENT = 1_000_000;

    static BenchSettings fromSystemProperties() {
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        Map<String, String> extra = new LinkedHashMap<>();
        // bench.env=KEY=VALUE,KEY=VALUE: extra server settings, e.g. to compare a configuration
        for (String pair : System.getProperty("bench.env", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                extra.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new BenchSettings(
                Path.of(System.getProperty("bench.wlp", "target/liberty/wlp")).toAbsolutePath(),
                System.getProperty("bench.server", "lollmsbot-bench"),
                out,
                out.resolve("data"),
                Integer.getInteger("bench.http.port", 23081),
                Integer.getInteger("bench.https.port", 23444),
                Integer.getInteger("bench.db.port", 5703),
                Integer.getInteger("bench.llm.port", 23100),
                Arrays.stream(System.getProperty("bench.levels", "1,8,32,128").split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList(),
                Double.parseDouble(System.getProperty("bench.seconds", "10")),
                Double.parseDouble(System.getProperty("bench.warmup.seconds", "15")),
                Double.parseDouble(System.getProperty("bench.direct.seconds", "3")),
                Integer.getInteger("bench.turns-per-conversation", 10),
                Integer.getInteger("bench.reply-chars", 0),
                System.getProperty("bench.jfr", ""),
                System.getProperty("bench.native-profile", ""),
                System.getProperty("bench.native-profile.event", "itimer"),
                Path.of(System.getProperty("bench.async-profiler", "target/bench-tools/linux-x64/libasyncProfiler.so"))
                        .toAbsolutePath(),
                extra,
                System.getProperty("bench.war", "").isBlank() ? null : Path.of(System.getProperty("bench.war")).toAbsolutePath());
    }

    int users() {
        return levels.stream().mapToInt(Integer::intValue).max().orElse(1);
    }
}
