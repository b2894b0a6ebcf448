package io.lollmsbot.tools.boundary;

import io.lollmsbot.sandbox.control.SandboxProbe;
import io.lollmsbot.tools.control.ShellTool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Check {@code sandbox} of readiness: whether bubblewrap works (re-probed when the last probe is older than
 * {@link SandboxProbe#MAX_AGE}) and whether the shell tool is switched on. Reported without gating readiness: without
 * a sandbox the shell tool is unavailable, everything else serves. Always UP; the version and the problem are only in
 * the admin status, not in this anonymous output.
 */
@Readiness
@ApplicationScoped
public class ShellHealthCheck implements HealthCheck {

    @Inject
    SandboxProbe probe;

    @Inject
    ShellTool shell;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sandbox")
                .up()
                .withData("available", probe.status(SandboxProbe.MAX_AGE).available())
                .withData("shellEnabled", shell.switchedOn())
                .build();
    }
}
