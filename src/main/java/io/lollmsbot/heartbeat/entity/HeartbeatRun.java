package io.lollmsbot.heartbeat.entity;

import java.time.Instant;
import java.util.Map;

/**
 * One recorded run of a task.
 *
 * @param trigger {@code schedule} (the cluster-wide timer) or {@code manual} (an admin)
 * @param node    the server that ran it (host and process id)
 * @param outcome {@code ok}, {@code failed}, or {@code skipped} when another run of the task was in progress
 */
public record HeartbeatRun(
        long id,
        String task,
        String trigger,
        String node,
        Instant startedAt,
        long durationMs,
        String outcome,
        String detail,
        Map<String, Long> counts) {}
