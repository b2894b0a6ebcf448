package io.lollmsbot.heartbeat.control;

import io.lollmsbot.heartbeat.entity.HeartbeatRun;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The Heartbeat pillar. One automatic persistent EJB timer ticks every {@link #TICK}; Liberty's persistent executor
 * stores it in the application's database and fires each tick on exactly one node of the cluster (another node
 * takes it over when that one stops). On a tick, every task whose interval has passed since its last recorded run
 * (on any node) runs, so schedules are settings that change without a restart.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Heartbeat {

    static final Duration TICK = Duration.ofSeconds(10);
    /** A run counts as on time if its interval has passed up to this much early (ticks do not fire to the millisecond). */
    private static final Duration SLACK = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());
    static final String NODE = nodeName();

    @Inject
    @Any
    Instance<HeartbeatTask> tasks;

    @Inject
    TaskExecution execution;

    @Inject
    HeartbeatRuns runs;

    @Inject
    Config config;

    /** A task, its schedule from the settings and its latest run. */
    public record TaskStatus(
            HeartbeatTask task, long intervalSeconds, boolean enabled, Optional<HeartbeatRun> lastRun) {}

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = true, info = "heartbeat")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        if (!config.getValue("lollmsbot.heartbeat.enabled", Boolean.class)) {
            return;
        }
        Instant now = Instant.now();
        for (HeartbeatTask task : tasks()) {
            try {
                long interval = intervalSeconds(task);
                if (interval > 0 && due(task, interval, now)) {
                    run(task, "schedule");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "heartbeat task " + task.name() + " could not be started", e);
            }
        }
    }

    private boolean due(HeartbeatTask task, long intervalSeconds, Instant now) {
        return runs.latest(task.name())
                .map(last -> !last.startedAt()
                        .plusSeconds(intervalSeconds)
                        .minus(SLACK)
                        .isAfter(now))
                .orElse(true);
    }

    public List<TaskStatus> status() {
        boolean on = config.getValue("lollmsbot.heartbeat.enabled", Boolean.class);
        return tasks().stream()
                .map(task -> {
                    long interval = intervalSeconds(task);
                    return new TaskStatus(task, interval, on && interval > 0, runs.latest(task.name()));
                })
                .toList();
    }

    public boolean has(String name) {
        return tasks().stream().anyMatch(task -> task.name().equals(name));
    }

    /** Runs a task now on this node, whatever its schedule; empty when there is no task of that name. */
    public Optional<HeartbeatRun> runNow(String name) {
        return tasks().stream()
                .filter(task -> task.name().equals(name))
                .findFirst()
                .map(task -> run(task, "manual"));
    }

    private HeartbeatRun run(HeartbeatTask task, String trigger) {
        // PostgreSQL keeps microseconds: record what will be read back
        Instant started = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long startNanos = System.nanoTime();
        String outcome;
        TaskResult result;
        try {
            Optional<TaskResult> done = execution.runExclusively(task);
            result = done.orElse(TaskResult.ok("another run of this task was in progress", Map.of()));
            outcome = done.isEmpty() ? "skipped" : result.ok() ? "ok" : "failed";
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "heartbeat task " + task.name() + " failed", e);
            result = TaskResult.failed(describe(e), Map.of());
            outcome = "failed";
        }
        long millis = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        return runs.record(task.name(), trigger, NODE, started, millis, outcome, result.detail(), result.counts());
    }

    private List<HeartbeatTask> tasks() {
        return tasks.stream().sorted(Comparator.comparing(HeartbeatTask::name)).toList();
    }

    private long intervalSeconds(HeartbeatTask task) {
        return config.getValue("lollmsbot.heartbeat." + task.name() + ".interval-seconds", Long.class);
    }

    /** The innermost cause, as class and message: what an operator needs, without a stack trace. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
