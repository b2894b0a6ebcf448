package io.lollmsbot.llm.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The last probe of the LLM backends, shared by readiness, the admin status and the {@code lollmsbot_llm_available}
 * gauge. A probe older than {@link #MAX_AGE} is repeated by the first caller that needs it; callers meanwhile get the
 * previous result, so however often health is polled the backends see at most one probe per {@link #MAX_AGE}.
 */
@ApplicationScoped
public class LlmStatus {

    static final Duration MAX_AGE = Duration.ofSeconds(15);

    @Inject
    LlmGateway gateway;

    @Inject
    MetricRegistry metrics;

    private volatile LlmHealth last;
    private boolean probing;

    void registerGauge(@Observes Startup startup) {
        metrics.gauge(
                "lollmsbot_llm_available", this, status -> status.current().up() ? 1 : 0);
    }

    /** The cached state, probed now only when there is none yet or it is older than {@link #MAX_AGE}. */
    public LlmHealth current() {
        LlmHealth known = last;
        if (known != null && known.checkedAt().plus(MAX_AGE).isAfter(Instant.now())) {
            return known;
        }
        synchronized (this) {
            if (probing && last != null) {
                return last;
            }
            probing = true;
        }
        try {
            LlmHealth probed = gateway.health();
            last = probed;
            return probed;
        } finally {
            synchronized (this) {
                probing = false;
            }
        }
    }
}
