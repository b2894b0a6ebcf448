package io.lollmsbot.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Application metrics of the chat path: requests and latency by outcome, LLM latency and tokens by provider. The
 * metric objects are looked up in the registry once per tag value and kept: a registry lookup compares metadata and
 * tags, which costs more than the update itself.
 */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MetricRegistry metrics;

    private record TurnMetrics(Counter requests, Timer latency) {}

    private record LlmMetrics(Timer latency, Counter promptTokens, Counter completionTokens) {}

    private final Map<String, TurnMetrics> turns = new ConcurrentHashMap<>();
    private volatile Counter maintenanceSkipped;
    private final Map<String, LlmMetrics> llmCalls = new ConcurrentHashMap<>();

    public void turn(String outcome, long startedNanos) {
        TurnMetrics turn = turns.computeIfAbsent(outcome, key -> {
            Tag tag = new Tag("outcome", key);
            return new TurnMetrics(
                    metrics.counter("lollmsbot_chat_requests", tag), metrics.timer("lollmsbot_chat_latency", tag));
        });
        turn.requests().inc();
        turn.latency().update(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    /** Chat turns answered by this node since it started, and the 95th percentile latency of the successful ones. */
    public record TurnSummary(long turns, Double p95Millis) {}

    public TurnSummary turnSummary() {
        long count = turns.values().stream()
                .mapToLong(turn -> turn.requests().getCount())
                .sum();
        TurnMetrics ok = turns.get("ok");
        Double p95 = ok == null
                ? null
                : Arrays.stream(ok.latency().getSnapshot().percentileValues())
                        .filter(value -> value.getPercentile() == 0.95)
                        .map(value -> value.getValue() / 1_000_000.0)
                        .findFirst()
                        .orElse(null);
        return new TurnSummary(count, p95);
    }

    public void llmCall(String provider, long startedNanos, int promptTokens, int completionTokens) {
        LlmMetrics llm = llmCalls.computeIfAbsent(provider == null ? "unknown" : provider, key -> {
            Tag tag = new Tag("provider", key);
            return new LlmMetrics(
                    metrics.timer("lollmsbot_llm_latency", tag),
                    metrics.counter("lollmsbot_llm_prompt_tokens", tag),
                    metrics.counter("lollmsbot_llm_completion_tokens", tag));
        });
        llm.latency().update(Duration.ofNanos(System.nanoTime() - startedNanos));
        llm.promptTokens().inc(promptTokens);
        llm.completionTokens().inc(completionTokens);
    }

    /**
     * A turn's memory maintenance (indexing, embedding, summary) was not queued because the lane queue's bound for
     * pending maintenance was reached; the next turn of the conversation or the heartbeat's backfill catches up.
     */
    public void memoryMaintenanceSkipped() {
        Counter counter = maintenanceSkipped;
        if (counter == null) {
            counter = metrics.counter("lollmsbot_memory_maintenance_skipped");
            maintenanceSkipped = counter;
        }
        counter.inc();
    }
}
