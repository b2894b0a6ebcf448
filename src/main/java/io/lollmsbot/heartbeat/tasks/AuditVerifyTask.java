package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Walks the hash-chained audit log; a broken chain is a failed run naming the first row that does not match. */
@ApplicationScoped
public class AuditVerifyTask implements HeartbeatTask {

    @Inject
    AuditLog audit;

    @Override
    public String name() {
        return "audit-verify";
    }

    @Override
    public String description() {
        return "Verifies the hash chain of the audit log";
    }

    @Override
    public TaskResult run() {
        AuditLog.Verification verification = audit.verify(null);
        Map<String, Long> counts = Map.of("checked", verification.checked());
        return verification.valid()
                ? TaskResult.ok("chain intact, " + verification.checked() + " rows checked", counts)
                : TaskResult.failed(
                        (verification.firstBrokenId() == null
                                        ? "chain broken"
                                        : "chain broken at row " + verification.firstBrokenId())
                                + " after " + verification.checked() + " intact rows: " + verification.reason(),
                        counts);
    }
}
