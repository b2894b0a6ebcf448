package io.lollmsbot.channels.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Application metrics of the channels: inbound events by channel and outcome ({@code accepted}, {@code duplicate},
 * {@code unauthenticated}, {@code rejected}, then {@code completed}, {@code refused}, {@code failed}) and reply
 * deliveries by channel and outcome; outbound webhook attempts by outcome. Counters are looked up once per tag pair and kept.
 */
@ApplicationScoped
public class ChannelMetrics {

    @Inject
    MetricRegistry metrics;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public void event(String channel, String outcome) {
        count("lollmsbot_channel_events", channel, outcome);
    }

    public void reply(String channel, String outcome) {
        count("lollmsbot_channel_replies", channel, outcome);
    }

    /** An outbound webhook attempt: {@code delivered}, {@code retried} or {@code failed} (attempts used up). */
    public void webhook(String outcome) {
        counters.computeIfAbsent(
                        "webhook|" + outcome,
                        key -> metrics.counter("lollmsbot_webhook_deliveries", new Tag("outcome", outcome)))
                .inc();
    }

    private void count(String name, String channel, String outcome) {
        counters.computeIfAbsent(
                        name + '|' + channel + '|' + outcome,
                        key -> metrics.counter(name, new Tag("channel", channel), new Tag("outcome", outcome)))
                .inc();
    }
}
