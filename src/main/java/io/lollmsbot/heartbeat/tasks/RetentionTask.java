package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.heartbeat.control.HeartbeatRuns;
import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import io.lollmsbot.identity.control.TokenService;
import io.lollmsbot.memory.control.ConversationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes what has outlived its retention period (each in days; 0 keeps it forever): conversations without a turn,
 * revoked or expired API tokens, audit rows (after a checkpoint, so the chain stays verifiable) and old run records.
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

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public String description() {
        return "Deletes idle conversations, ended API tokens, audit rows and run records past their retention periods";
    }

    @Override
    public TaskResult run() {
        Instant now = Instant.now();
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        int conversationDays = days("conversation-days");
        if (conversationDays > 0) {
            counts.put("conversations", (long) conversations.deleteInactiveSince(now.minus(Duration.ofDays(conversationDays))));
        } else {
            kept.add("conversations");
        }
        int tokenDays = days("token-days");
        if (tokenDays > 0) {
            counts.put("tokens", (long) tokens.deleteEndedBefore(now.minus(Duration.ofDays(tokenDays))));
        } else {
            kept.add("tokens");
        }
        int auditDays = days("audit-days");
        if (auditDays > 0) {
            counts.put("auditRows", audit.applyRetention(now.minus(Duration.ofDays(auditDays)), ACTOR).deleted());
        } else {
            kept.add("audit rows");
        }
        int runDays = days("run-days");
        if (runDays > 0) {
            counts.put("runs", (long) runs.deleteOlderThan(now.minus(Duration.ofDays(runDays))));
        } else {
            kept.add("runs");
        }
        String deleted = counts.isEmpty() ? "nothing to delete" : "deleted " + counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b).orElseThrow();
        return TaskResult.ok(kept.isEmpty() ? deleted : deleted + "; kept forever: " + String.join(", ", kept), counts);
    }

    private int days(String key) {
        return config.getOptionalValue(PREFIX + key, Integer.class).orElse(0);
    }
}
