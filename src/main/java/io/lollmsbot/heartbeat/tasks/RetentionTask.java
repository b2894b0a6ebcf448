package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.config.control.SettingsHistory;
import io.lollmsbot.heartbeat.control.HeartbeatRuns;
import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import io.lollmsbot.identity.control.TokenService;
import io.lollmsbot.memory.control.ConversationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Deletes what has outlived its retention period (each in days; 0 keeps it forever): conversations without a turn,
 * revoked or expired API tokens, audit rows (after a checkpoint, so the chain stays verifiable), old run records and
 * old settings history.
 */
@ApplicationScoped
public class RetentionTask implements HeartbeatTask {

    static final String PREFIX = "lollmsbot.heartbeat.retention.";
    static final String ACTOR = "heartbeat";

    @Inject
    Config config;

    @Inject
    ConversationStore conversations;

    @Inject
    TokenService tokens;

    @Inject
    AuditLog audit;

    @Inject
    HeartbeatRuns runs;

    @Inject
    SettingsHistory settingsHistory;

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public String description() {
        return "Deletes idle conversations, ended API tokens, audit rows, run records and settings history past their retention"
                + " periods";
    }

    @Override
    public TaskResult run() {
        Instant now = Instant.now();
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        apply(now, "conversation-days", "conversations", counts, kept, conversations::deleteInactiveSince);
        apply(now, "token-days", "tokens", counts, kept, tokens::deleteEndedBefore);
        apply(
                now,
                "audit-days",
                "auditRows",
                counts,
                kept,
                cutoff -> audit.applyRetention(days("audit-days"), ACTOR).deleted());
        apply(now, "run-days", "runs", counts, kept, runs::deleteOlderThan);
        apply(now, "settings-history-days", "settingsChanges", counts, kept, settingsHistory::deleteOlderThan);
        String deleted = counts.isEmpty()
                ? "nothing to delete"
                : "deleted "
                        + counts.entrySet().stream()
                                .map(e -> e.getValue() + " " + e.getKey())
                                .collect(Collectors.joining(", "));
        return TaskResult.ok(kept.isEmpty() ? deleted : deleted + "; kept forever: " + String.join(", ", kept), counts);
    }

    /** Deletes one kind of data older than its retention period, or notes that it is kept forever (period 0). */
    private void apply(
            Instant now,
            String setting,
            String kind,
            Map<String, Long> counts,
            List<String> kept,
            ToLongFunction<Instant> deleteBefore) {
        int days = days(setting);
        if (days > 0) {
            counts.put(kind, deleteBefore.applyAsLong(now.minus(Duration.ofDays(days))));
        } else {
            kept.add(kind);
        }
    }

    private int days(String key) {
        return config.getValue(PREFIX + key, Integer.class);
    }
}
