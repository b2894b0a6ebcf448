package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.WebhookDelivery;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The PostgreSQL outbox of webhook deliveries, safe with several nodes: events are read from the audit log and the
 * Heartbeat's failed runs after a stored cursor (one node at a time, under an advisory lock) and become one
 * delivery per subscribed webhook; due deliveries are claimed with a lease ({@code FOR UPDATE SKIP LOCKED}), so no
 * two nodes send the same attempt, and a node that dies mid-attempt leaves it to be tried again when the lease ends.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WebhookOutbox {

    /** Advisory lock key of the fan-out ("webhook" in ASCII). */
    private static final long FAN_OUT_LOCK = 0x776562686f6f6bL;

    private static final int BATCH = 500;
    /** The audit types events are read from, as an SQL list of the enum's constants (no input of anyone's). */
    private static final String AUDIT_TYPES = WebhookEvent.auditTypes().stream()
            .sorted()
            .map(type -> "'" + type + "'")
            .collect(Collectors.joining(","));

    private static final Duration LEASE = Duration.ofSeconds(60);

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /** An attempt to make: where, signed with what, sending what. */
    public record Due(long deliveryId, int attempt, String url, String secret, String payload) {}

    /** Turns new events into deliveries; returns how many deliveries were created (0 when another node is at it). */
    public int fanOut() {
        boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, FAN_OUT_LOCK)
                .getSingleResult();
        if (!locked) {
            return 0;
        }
        return fromAudit() + fromHeartbeat();
    }

    private int fromAudit() {
        long cursor = cursor("audit");
        // the newest id first: a row committed after it is read next time, never skipped
        long upTo = newest("audit_log", cursor);
        List<?> rows = em.createNativeQuery("SELECT id, occurred_at, type, actor, target, verdict, rule_ids "
                        + "FROM audit_log WHERE id > ?1 AND id <= ?2 AND type IN (" + AUDIT_TYPES + ") ORDER BY id")
                .setParameter(1, cursor)
                .setParameter(2, upTo)
                .getResultList();
        int created = 0;
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            WebhookEvent event = WebhookEvent.ofAuditType((String) r[2]).orElseThrow();
            JsonObjectBuilder data = Json.createObjectBuilder().add("type", (String) r[2]);
            put(data, "actor", r[3]);
            put(data, "target", r[4]);
            if (event == WebhookEvent.GUARDIAN_BLOCKED) {
                // elsewhere rule_ids holds other things (a setting's previous value hash): never sent
                put(data, "verdict", r[5]);
                put(data, "ruleIds", r[6]);
            }
            created += enqueue(event, "audit:" + r[0], (Timestamp) r[1], data);
        }
        moveCursor("audit", upTo);
        return created;
    }

    private int fromHeartbeat() {
        long cursor = cursor("heartbeat");
        long upTo = newest("heartbeat_runs", cursor);
        List<?> rows = em.createNativeQuery("SELECT id, started_at, task, node, detail FROM heartbeat_runs "
                        + "WHERE id > ?1 AND id <= ?2 AND outcome = 'failed' ORDER BY id")
                .setParameter(1, cursor)
                .setParameter(2, upTo)
                .getResultList();
        int created = 0;
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            JsonObjectBuilder data = Json.createObjectBuilder()
                    .add("runId", ((Number) r[0]).longValue())
                    .add("task", (String) r[2])
                    .add("node", (String) r[3])
                    .add("detail", (String) r[4]);
            created += enqueue(WebhookEvent.HEARTBEAT_FAILED, "heartbeat:" + r[0], (Timestamp) r[1], data);
        }
        moveCursor("heartbeat", upTo);
        return created;
    }

    /** One delivery per webhook subscribed to the event when it happened; the same source never twice. */
    private int enqueue(WebhookEvent event, String source, Timestamp occurredAt, JsonObjectBuilder data) {
        UUID eventId = UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8));
        String payload = Json.createObjectBuilder()
                .add("id", eventId.toString())
                .add("event", event.wireName())
                .add("occurredAt", occurredAt.toInstant().toString())
                .add("data", data)
                .build()
                .toString();
        return em.createNativeQuery("INSERT INTO webhook_deliveries (webhook_id, event_id, event, source, payload) "
                        + "SELECT id, ?1, ?2, ?3, ?4 FROM webhooks WHERE ?2 = ANY(string_to_array(events, ',')) "
                        + "AND created_at <= ?5 ON CONFLICT (webhook_id, source) DO NOTHING")
                .setParameter(1, eventId)
                .setParameter(2, event.wireName())
                .setParameter(3, source)
                .setParameter(4, payload)
                .setParameter(5, occurredAt)
                .executeUpdate();
    }

    /** Claims up to {@code limit} due deliveries for one attempt each, leased for a minute. */
    public List<Due> claimDue(int limit) {
        List<?> rows = em.createNativeQuery("UPDATE webhook_deliveries d SET attempts = d.attempts + 1, "
                        + "next_attempt_at = now() + make_interval(secs => ?2) FROM webhooks w "
                        + "WHERE w.id = d.webhook_id AND d.id IN (SELECT id FROM webhook_deliveries "
                        + "WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at "
                        + "LIMIT ?1 FOR UPDATE SKIP LOCKED) RETURNING d.id, d.attempts, w.url, w.secret, d.payload")
                .setParameter(1, limit)
                .setParameter(2, (double) LEASE.toSeconds())
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(r -> new Due(
                        ((Number) r[0]).longValue(), ((Number) r[1]).intValue(), (String) r[2], (String) r[3], (String)
                                r[4]))
                .toList();
    }

    /**
     * Records an attempt and decides what follows: delivered on 2xx, else parked as failed when the attempts are
     * used up, else due again after {@code retryIn}. Returns the delivery's new status.
     */
    public String record(Due due, int httpStatus, long durationMs, String error, int maxAttempts, Duration retryIn) {
        em.createNativeQuery("INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at, http_status, "
                        + "duration_ms, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
                .setParameter(1, due.deliveryId())
                .setParameter(2, due.attempt())
                .setParameter(3, Timestamp.from(Instant.now().minusMillis(durationMs)))
                .setParameter(4, httpStatus)
                .setParameter(5, durationMs)
                .setParameter(6, error == null ? "" : error)
                .executeUpdate();
        String status;
        if (httpStatus >= 200 && httpStatus < 300) {
            status = WebhookDelivery.DELIVERED;
        } else if (due.attempt() >= maxAttempts) {
            status = WebhookDelivery.FAILED;
        } else {
            status = WebhookDelivery.PENDING;
        }
        em.createNativeQuery("UPDATE webhook_deliveries SET status = ?2, next_attempt_at = now() + "
                        + "make_interval(secs => ?3), delivered_at = CASE WHEN ?2 = 'delivered' THEN now() END "
                        + "WHERE id = ?1")
                .setParameter(1, due.deliveryId())
                .setParameter(2, status)
                .setParameter(3, retryIn.toMillis() / 1000.0)
                .executeUpdate();
        return status;
    }

    private long cursor(String source) {
        return ((Number) em.createNativeQuery("SELECT last_id FROM webhook_cursors WHERE source = ?1 FOR UPDATE")
                        .setParameter(1, source)
                        .getSingleResult())
                .longValue();
    }

    private long newest(String table, long cursor) {
        Number newest =
                (Number) em.createNativeQuery("SELECT MAX(id) FROM " + table).getSingleResult();
        return newest == null ? cursor : Math.max(cursor, Math.min(newest.longValue(), cursor + BATCH));
    }

    private void moveCursor(String source, long upTo) {
        em.createNativeQuery("UPDATE webhook_cursors SET last_id = ?2 WHERE source = ?1")
                .setParameter(1, source)
                .setParameter(2, upTo)
                .executeUpdate();
    }

    private static void put(JsonObjectBuilder data, String name, Object value) {
        if (value != null) {
            data.add(name, value.toString());
        }
    }
}
