package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import io.lollmsbot.llm.control.LlmGateway;
import io.lollmsbot.llm.control.LlmHealth;
import io.lollmsbot.sandbox.control.SandboxProbe;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Checks the dependencies the way readiness does, but on a schedule and with a record: the database (a fresh
 * connection answers), the LLM (the primary or else the fallback answers a cheap request) and the sandbox (a real
 * bubblewrap run, probed again now). The sandbox counts as a failure only while the shell tool is enabled.
 */
@ApplicationScoped
public class SelfCheckTask implements HeartbeatTask {

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    @Inject
    LlmGateway llm;

    @Inject
    SandboxProbe sandbox;

    @Inject
    Config config;

    @Override
    public String name() {
        return "self-check";
    }

    @Override
    public String description() {
        return "Checks that the database, the LLM and the sandbox answer";
    }

    @Override
    public TaskResult run() {
        List<String> parts = new ArrayList<>();
        long down = 0;
        String database = database();
        parts.add("database " + database);
        down += database.equals("up") ? 0 : 1;
        LlmHealth health = llm.health();
        parts.add("llm " + (health.up() ? "up" : "down") + " (" + health.reason() + ")");
        down += health.up() ? 0 : 1;
        SandboxProbe.Status probed = sandbox.status(Duration.ZERO);
        boolean shellOn = config.getValue("lollmsbot.enable.shell", Boolean.class);
        parts.add("sandbox " + (probed.available() ? "available" : "unavailable") + " (" + probed.description() + ")"
                + (shellOn ? "" : ", shell tool off"));
        down += probed.available() || !shellOn ? 0 : 1;
        String detail = String.join("; ", parts);
        Map<String, Long> counts = Map.of("down", down, "checked", 3L);
        return down == 0 ? TaskResult.ok(detail, counts) : TaskResult.failed(detail, counts);
    }

    private String database() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2) ? "up" : "down (the connection did not answer within 2 s)";
        } catch (SQLException e) {
            return "down (no connection: " + e.getSQLState() + ")";
        }
    }
}
