package io.lollmsbot.channels.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.channels.entity.Webhook;
import io.lollmsbot.channels.entity.WebhookDelivery;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.tools.control.ToolFailure;
import io.lollmsbot.tools.control.ToolRefused;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/** The admins' webhook subscriptions and what the outbox did with their deliveries. */
@Stateless
public class Webhooks {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Config config;

    /** A new subscription with the secret its deliveries are signed with: shown this once. */
    public record Created(Webhook webhook, String secret) {}

    public Created create(String actor, String url, List<String> events) {
        Set<String> names = new LinkedHashSet<>(events);
        List<String> unknown =
                names.stream().filter(name -> WebhookEvent.of(name).isEmpty()).toList();
        if (names.isEmpty() || !unknown.isEmpty()) {
            throw invalid(
                    "events",
                    "must name at least one of "
                            + Arrays.stream(WebhookEvent.values())
                                    .map(WebhookEvent::wireName)
                                    .toList());
        }
        try {
            WebhookTargets.check(url, WebhookSettings.read(config).allowedHosts());
        } catch (ToolRefused | ToolFailure refused) {
            throw invalid("url", refused.getMessage());
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO webhooks (id, url, events, secret, created_by) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, id)
                .setParameter(2, url)
                .setParameter(3, String.join(",", names))
                .setParameter(4, secret)
                .setParameter(5, actor)
                .executeUpdate();
        audit.record(AuditEvent.of(actor, "webhook.created", id.toString()));
        return new Created(find(id), secret);
    }

    public List<Webhook> list() {
        List<?> rows = em.createNativeQuery(
                        "SELECT id, url, events, created_by, created_at FROM webhooks ORDER BY created_at, id")
                .getResultList();
        return rows.stream().map(row -> webhook((Object[]) row)).toList();
    }

    public void delete(String actor, UUID id) {
        int deleted = em.createNativeQuery("DELETE FROM webhooks WHERE id = ?1")
                .setParameter(1, id)
                .executeUpdate();
        if (deleted == 0) {
            throw notFound();
        }
        audit.record(AuditEvent.of(actor, "webhook.deleted", id.toString()));
    }

    /** The webhook's newest deliveries first, each with its attempts. */
    public List<WebhookDelivery> deliveries(UUID webhookId, int limit) {
        find(webhookId);
        List<?> rows = em.createNativeQuery("SELECT id, event_id, event, status, attempts, next_attempt_at, "
                        + "created_at, delivered_at FROM webhook_deliveries WHERE webhook_id = ?1 "
                        + "ORDER BY id DESC LIMIT ?2")
                .setParameter(1, webhookId)
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(row -> delivery((Object[]) row)).toList();
    }

    private Webhook find(UUID id) {
        List<?> rows = em.createNativeQuery(
                        "SELECT id, url, events, created_by, created_at FROM webhooks WHERE id = ?1")
                .setParameter(1, id)
                .getResultList();
        return rows.stream().findFirst().map(row -> webhook((Object[]) row)).orElseThrow(Webhooks::notFound);
    }

    private WebhookDelivery delivery(Object[] row) {
        long id = ((Number) row[0]).longValue();
        List<?> attempts = em.createNativeQuery("SELECT attempt, attempted_at, http_status, duration_ms, error "
                        + "FROM webhook_attempts WHERE delivery_id = ?1 ORDER BY attempt")
                .setParameter(1, id)
                .getResultList();
        return new WebhookDelivery(
                id,
                (UUID) row[1],
                (String) row[2],
                (String) row[3],
                ((Number) row[4]).intValue(),
                ((Timestamp) row[5]).toInstant(),
                ((Timestamp) row[6]).toInstant(),
                row[7] == null ? null : ((Timestamp) row[7]).toInstant(),
                attempts.stream()
                        .map(attempt -> (Object[]) attempt)
                        .map(a -> new WebhookDelivery.Attempt(
                                ((Number) a[0]).intValue(),
                                ((Timestamp) a[1]).toInstant(),
                                ((Number) a[2]).intValue(),
                                ((Number) a[3]).longValue(),
                                (String) a[4]))
                        .toList());
    }

    private static Webhook webhook(Object[] row) {
        return new Webhook(
                (UUID) row[0],
                (String) row[1],
                List.of(((String) row[2]).split(",")),
                (String) row[3],
                ((Timestamp) row[4]).toInstant());
    }

    private static ProblemException invalid(String field, String why) {
        return new ProblemException(Problem.validation(List.of(new Problem.FieldError(field, why))), Map.of());
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "No webhook with this id.");
    }
}
