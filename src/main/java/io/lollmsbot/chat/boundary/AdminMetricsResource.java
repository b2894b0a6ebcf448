package io.lollmsbot.chat.boundary;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.chat.control.ChatMetrics;
import io.lollmsbot.common.Role;
import io.lollmsbot.guardian.control.GuardianEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code GET /api/v1/admin/metrics}: the key figures of the console's overview, so the console needs no access to
 * {@code /metrics}. Turns, latency and rate-limit rejections are this node's counters since it started (the console
 * turns counter deltas into rates); Guardian blocks of the last hour come from the audit log and so cover all nodes.
 */
@Path("api/v1/admin/metrics")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminMetricsResource {

    static final String RATE_LIMIT_REJECTIONS = "lollmsbot.ratelimit.rejections";
    /** Counting stops here: the overview shows "1000+" rather than scanning a flood of rows. */
    static final int MAX_BLOCKS_COUNTED = 1_000;

    @Inject
    ChatMetrics chat;

    @Inject
    MetricRegistry registry;

    @Inject
    AuditLog audit;

    public record MetricsView(
            Instant at,
            long chatTurns,
            Double chatP95Millis,
            long rateLimitRejections,
            int guardianBlocksLastHour,
            boolean guardianBlocksCapped) {}

    @GET
    public MetricsView metrics() {
        Instant now = Instant.now();
        ChatMetrics.TurnSummary turns = chat.turnSummary();
        long rejections =
                registry.getCounters((id, metric) -> RATE_LIMIT_REJECTIONS.equals(id.getName())).values().stream()
                        .mapToLong(Counter::getCount)
                        .sum();
        int blocks = audit.search(new AuditLog.Query(
                        now.minus(Duration.ofHours(1)), GuardianEvent.BLOCKED.type(), null, MAX_BLOCKS_COUNTED))
                .size();
        return new MetricsView(now, turns.turns(), turns.p95Millis(), rejections, blocks, blocks >= MAX_BLOCKS_COUNTED);
    }
}
