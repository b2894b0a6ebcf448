package io.lollmsbot.llm.boundary;

import io.lollmsbot.llm.control.LlmHealth;
import io.lollmsbot.llm.control.LlmStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Check {@code llm} of readiness: reports the LLM backends without gating readiness (an LLM outage must not take
 * every node out of the load balancer; chat answers 503 with the reason meanwhile). Always UP; the data says whether
 * chat can be answered and what state each backend is in, from the cached probe of {@link LlmStatus}. Addresses and
 * problems are only in the admin status, not in this anonymous output.
 */
@Readiness
@ApplicationScoped
public class LlmHealthCheck implements HealthCheck {

    @Inject
    LlmStatus status;

    @Override
    public HealthCheckResponse call() {
        LlmHealth health = status.current();
        return HealthCheckResponse.named("llm")
                .up()
                .withData("available", health.up())
                .withData("primary", health.primary().state().label())
                .withData("fallback", health.fallback().state().label())
                .build();
    }
}
