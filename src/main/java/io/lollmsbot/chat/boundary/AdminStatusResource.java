package io.lollmsbot.chat.boundary;

import io.lollmsbot.common.Role;
import io.lollmsbot.llm.control.LlmHealth;
import io.lollmsbot.llm.control.LlmStatus;
import io.lollmsbot.platform.database.DatabaseStatus;
import io.lollmsbot.sandbox.control.SandboxProbe;
import io.lollmsbot.tools.control.ShellTool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Properties;

/**
 * {@code GET /api/v1/admin/status}: what a chat turn depends on, in full detail for admins (the anonymous health
 * output names no hosts, ports or versions). It lives in chat because chat is what orchestrates these dependencies.
 */
@Path("api/v1/admin/status")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminStatusResource {

    private static final String POM_PROPERTIES = "/META-INF/maven/io.lollmsbot/lollmsbot/pom.properties";

    @Inject
    DatabaseStatus database;

    @Inject
    LlmStatus llm;

    @Inject
    SandboxProbe sandbox;

    @Inject
    ShellTool shell;

    @Context
    ServletContext servletContext;

    public record Dependency(String state, String reason, Instant checkedAt) {}

    public record DatabaseView(String state, String reason, String mode, String schemaVersion, Instant checkedAt) {}

    public record LlmView(String state, String reason, Dependency primary, Dependency fallback, Instant checkedAt) {}

    public record SandboxView(String state, String reason, boolean shellEnabled, Instant checkedAt) {}

    public record StatusView(String node, String version, DatabaseView database, LlmView llm, SandboxView sandbox) {}

    @GET
    public StatusView status() {
        DatabaseStatus.Snapshot db = database.check();
        LlmHealth ai = llm.current();
        SandboxProbe.Status box = sandbox.status(SandboxProbe.MAX_AGE);
        return new StatusView(
                node(),
                version(),
                new DatabaseView(
                        state(db.up()), db.up() ? null : db.reason(), db.mode(), db.schemaVersion(), db.checkedAt()),
                new LlmView(
                        state(ai.up()),
                        ai.reason(),
                        backend(ai.primary(), ai.checkedAt()),
                        backend(ai.fallback(), ai.checkedAt()),
                        ai.checkedAt()),
                new SandboxView(state(box.available()), box.description(), shell.switchedOn(), box.checkedAt()));
    }

    private static Dependency backend(LlmHealth.Backend backend, Instant checkedAt) {
        return new Dependency(backend.state().label(), backend.detail(), checkedAt);
    }

    private static String state(boolean up) {
        return up ? "up" : "down";
    }

    private static String node() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    /** From the WAR's Maven metadata; "unknown" when running from an exploded build (liberty:run). */
    private String version() {
        try (InputStream in = servletContext.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
