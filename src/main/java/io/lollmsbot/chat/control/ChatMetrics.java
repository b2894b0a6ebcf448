package io.lollmsbot.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;

/** Application metrics of the chat path: requests and latency by outcome, LLM latency and tokens by provider. */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MetricRegistry metrics;

    public void turn(String outcome, long startedNanos) {
        Tag tag = new Tag("outcome", outcome);
        metrics.counter("lollmsbot_chat_requests", tag).inc();
        metrics.timer("lollmsbot_chat_latency", tag).update(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    public void llmCall(String provider, long startedNanos, int promptTokens, int completionTokens) {
        Tag tag = new Tag("provider", provider == null ? "unknown" : provider);
        metrics.timer("lollmsbot_llm_latency", tag).update(Duration.ofNanos(System.nanoTime() - startedNanos));
        metrics.counter("lollmsbot_llm_prompt_tokens", tag).inc(promptTokens);
        metrics.counter("lollmsbot_llm_completion_tokens", tag).inc(completionTokens);
    }
}
