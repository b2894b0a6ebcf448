package io.lollmsbot.llm.boundary;

import io.lollmsbot.llm.control.LlmGateway;
import io.lollmsbot.llm.control.LlmHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness check {@code llm}: a configured LLM backend answers; otherwise DOWN with the reason. */
@Readiness
@ApplicationScoped
public class LlmHealthCheck implements HealthCheck {

    @Inject
    LlmGateway llm;

    @Override
    public HealthCheckResponse call() {
        LlmHealth health = llm.health();
        return HealthCheckResponse.named("llm").status(health.up()).withData("reason", health.reason()).build();
    }
}
