package io.lollmsbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a turn's wall-clock time goes, from async-profiler's wall-clock samples ({@code
 * -Dbench.native-profile.event=wall}, one sample a thread every millisecond, waiting included): the samples of the
 * request and lane threads, each counted under the step its innermost lollmsbot frame belongs to, in milliseconds per
 * turn answered. Meant for one connection, where the steps of a turn follow one another.
 */
final class WallProfile {

    /** The step of an innermost lollmsbot frame: the first name it contains, in this order. */
    private static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        STEPS.put("RateCounters", "rate counter (request thread)");
        STEPS.put("IdentityVersion", "identity version (request thread)");
        STEPS.put("requireOwnedBeforeTurn", "ownership check (request thread)");
        STEPS.put("ConversationStore", "turn write with its durable commit");
        STEPS.put("MemoryStore", "context reads");
        STEPS.put("ConversationLock", "conversation lock (take and release)");
        STEPS.put(".llm.", "LLM call");
        STEPS.put("TokenCounter", "token counting");
        STEPS.put(".guardian.", "Guardian");
        STEPS.put("LaneQueue", "lane hand-off");
    }

    private WallProfile() {
    }

    static String summarise(Path collapsed, long turns) throws IOException {
        Map<String, Long> samples = new LinkedHashMap<>();
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String step = stepOf(List.of(line.substring(0, space).replace('/', '.').split(";")));
            if (step != null) {
                samples.merge(step, Long.parseLong(line.substring(space + 1).trim()), Long::sum);
            }
        }
        StringBuilder out = new StringBuilder("## Where a turn's wall-clock time went (async-profiler, wall clock)\n\n")
                .append(String.format(Locale.ROOT, "%d turns answered while profiling; milliseconds per turn"
                        + " (the request thread waits while the lane works, so the steps overlap it).%n%n", turns))
                .append("| step | ms per turn |\n|---|---:|\n");
        samples.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format(Locale.ROOT, "| %s | %.2f |%n", e.getKey(),
                        e.getValue() / (double) turns)));
        return out.toString();
    }

    /** The step of one stack (outermost frame first), null for a thread that is not serving a turn. */
    private static String stepOf(List<String> frames) {
        boolean onLane = frames.stream().anyMatch(f -> f.contains("AgentLoop.run") || f.contains("ConversationLock.holding"));
        boolean requestThread = frames.stream().anyMatch(f -> f.contains("com.ibm.ws.webcontainer"));
        if (!onLane && !requestThread) {
            return null;
        }
        if (!onLane && frames.stream().anyMatch(f -> f.contains("ChatService.chat"))
                && frames.stream().anyMatch(f -> f.contains("CompletableFuture"))) {
            return "request thread waits for the lane";
        }
        String innermost = frames.stream().filter(f -> f.startsWith("io.lollmsbot.")).reduce((a, b) -> b).orElse("");
        for (Map.Entry<String, String> step : STEPS.entrySet()) {
            if (innermost.contains(step.getKey())) {
                return step.getValue();
            }
        }
        return onLane ? "lane: the rest" : "request thread: the rest (HTTP, JAX-RS, JSON, security)";
    }
}
