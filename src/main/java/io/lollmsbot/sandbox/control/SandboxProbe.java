package io.lollmsbot.sandbox.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Whether bubblewrap works here: its version, then a real sandboxed {@code true} with the same flags as every command.
 * Probed at startup and again when readiness asks for a result older than it accepts; the result is cached, so
 * the shell tool's availability check costs nothing.
 */
@ApplicationScoped
public class SandboxProbe {

    private static final Logger LOG = Logger.getLogger(SandboxProbe.class.getName());
    private static final SandboxLimits PROBE_LIMITS = SandboxLimits.of(5, 5, 5, 64, 1, 4096);

    public record Status(boolean available, String description, Instant checkedAt) {}

    @Inject
    Sandbox sandbox;

    @Inject
    Workspaces workspaces;

    /** How old a probe readiness, the admin status and the gauge accept before probing again. */
    public static final Duration MAX_AGE = Duration.ofSeconds(30);

    private volatile Status status;

    @Inject
    MetricRegistry metrics;

    void atStartup(@Observes Startup startup) {
        metrics.gauge(
                "lollmsbot_sandbox_available",
                this,
                probe -> probe.status(MAX_AGE).available() ? 1 : 0);
        Status probed = refresh();
        LOG.info(() -> "sandbox " + (probed.available() ? "available: " : "unavailable, shell tool off: ")
                + probed.description());
    }

    public Status status() {
        Status current = status;
        return current != null ? current : refresh();
    }

    public Status status(Duration maxAge) {
        Status current = status;
        return current != null && current.checkedAt().plus(maxAge).isAfter(Instant.now()) ? current : refresh();
    }

    synchronized Status refresh() {
        status = probe();
        return status;
    }

    private Status probe() {
        String version;
        try {
            version = version();
        } catch (IOException e) {
            return unavailable("bubblewrap not found at " + SandboxCommand.BWRAP + " (install the bubblewrap package)");
        }
        try {
            SandboxResult result = sandbox.run(workspaces.probe(), List.of("true"), PROBE_LIMITS);
            if (result.exitCode() != 0 || result.timedOut()) {
                return unavailable("bubblewrap cannot create the sandbox: " + firstLine(result.output()));
            }
            return new Status(true, version, Instant.now());
        } catch (RuntimeException e) {
            return unavailable("bubblewrap cannot create the sandbox: " + e.getMessage());
        }
    }

    private static String version() throws IOException {
        Process process = new ProcessBuilder(SandboxCommand.BWRAP, "--version")
                .redirectErrorStream(true)
                .start();
        try (InputStream in = process.getInputStream()) {
            String text = new String(in.readNBytes(200), StandardCharsets.UTF_8);
            process.waitFor(5, TimeUnit.SECONDS);
            return firstLine(text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static Status unavailable(String reason) {
        return new Status(false, reason, Instant.now());
    }

    private static String firstLine(String text) {
        String stripped = text.strip();
        int newline = stripped.indexOf('\n');
        return newline < 0 ? stripped : stripped.substring(0, newline);
    }
}
