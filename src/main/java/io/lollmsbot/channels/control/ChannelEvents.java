package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Inbound events in {@code channel_events}: claimed once by their sender's id (the primary key decides, on every
 * node), then completed with the turn's outcome and the reply's delivery.
 */
@Stateless
public class ChannelEvents {

    private static final int MAX_DETAIL = 2_000;
    private static final String COLUMNS = "channel, event_id, status, conversation_id, reply, problem_status, "
            + "problem_detail, delivery, received_at, completed_at";

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /** Whether this call claimed the event; false when it was received before (a retry or a replay). */
    public boolean claim(String channel, String id, long userId) {
        return em.createNativeQuery("INSERT INTO channel_events (channel, event_id, user_id, status) "
                                + "VALUES (?1, ?2, ?3, 'accepted') ON CONFLICT DO NOTHING")
                        .setParameter(1, channel)
                        .setParameter(2, id)
                        .setParameter(3, userId)
                        .executeUpdate()
                == 1;
    }

    public Optional<ChannelEvent> find(String channel, String id) {
        List<?> rows = em.createNativeQuery(
                        "SELECT " + COLUMNS + " FROM channel_events WHERE channel = ?1 AND event_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, id)
                .getResultList();
        return rows.stream().findFirst().map(row -> event((Object[]) row));
    }

    public void complete(String channel, String id, UUID conversationId, String reply) {
        em.createNativeQuery("UPDATE channel_events SET status = 'completed', conversation_id = ?3, reply = ?4, "
                        + "completed_at = now() WHERE channel = ?1 AND event_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, id)
                .setParameter(3, conversationId)
                .setParameter(4, reply)
                .executeUpdate();
    }

    /** A turn that did not run ({@code refused}: Guardian, quarantine, rate limit) or broke ({@code failed}). */
    public void fail(String channel, String id, String status, int problemStatus, String detail) {
        String text = detail == null ? "" : detail;
        em.createNativeQuery("UPDATE channel_events SET status = ?3, problem_status = ?4, problem_detail = ?5, "
                        + "completed_at = now() WHERE channel = ?1 AND event_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, id)
                .setParameter(3, status)
                .setParameter(4, problemStatus)
                .setParameter(5, text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL))
                .executeUpdate();
    }

    public void delivered(String channel, String id, boolean ok) {
        em.createNativeQuery("UPDATE channel_events SET delivery = ?3 WHERE channel = ?1 AND event_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, id)
                .setParameter(3, ok ? "delivered" : "failed")
                .executeUpdate();
    }

    private static ChannelEvent event(Object[] row) {
        return new ChannelEvent(
                (String) row[0],
                (String) row[1],
                (String) row[2],
                (UUID) row[3],
                (String) row[4],
                row[5] == null ? null : ((Number) row[5]).intValue(),
                (String) row[6],
                (String) row[7],
                ((Timestamp) row[8]).toInstant(),
                row[9] == null ? null : ((Timestamp) row[9]).toInstant());
    }
}
