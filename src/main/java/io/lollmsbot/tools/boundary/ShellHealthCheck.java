package io.lollmsbot.tools.boundary;

import io.lollmsbot.sandbox.control.SandboxProbe;
import io.lollmsbot.tools.control.ShellTool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Readiness check {@code sandbox}: whether bubblewrap works (re-probed when the last probe is older than 30 s).
 * DOWN only when the shell tool is switched on and the sandbox does not work; with the tool off a missing sandbox is
 * reported ({@code available: false}) but does not take the node out of service.
 */
@Readiness
@ApplicationScoped
public class ShellHealthCheck implements HealthCheck {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);

    @Inject
    SandboxProbe probe;

    @Inject
    ShellTool shell;

    @Override
    public HealthCheckResponse call() {
        SandboxProbe.Status status = probe.status(MAX_AGE);
        boolean switchedOn = shell.switchedOn();
        return HealthCheckResponse.named("sandbox")
                .status(status.available() || !switchedOn)
                .withData("available", status.available())
                .withData("shellEnabled", switchedOn)
                .withData(status.available() ? "version" : "reason", status.description())
                .build();
    }
}
