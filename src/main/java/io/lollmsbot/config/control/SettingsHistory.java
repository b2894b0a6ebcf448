package io.lollmsbot.config.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The record of runtime setting changes ({@code settings_history}): written in the transaction of the change, read by
 * admins, pruned by the Heartbeat's retention. Values of secret settings are stored masked.
 */
@Stateless
public class SettingsHistory {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /** One change: {@code newValue} null means the setting was reset to its default. */
    public record Change(long id, String key, String oldValue, String newValue, String changedBy, Instant changedAt) {}

    public void record(String key, String oldValue, String newValue, String actor) {
        em.createNativeQuery(
                        "INSERT INTO settings_history (key, old_value, new_value, changed_by) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, key)
                .setParameter(2, oldValue)
                .setParameter(3, newValue)
                .setParameter(4, actor)
                .executeUpdate();
    }

    /** The newest {@code limit} changes, of one key when {@code key} is not null. */
    public List<Change> list(String key, int limit) {
        List<?> rows = em.createNativeQuery("""
                        SELECT id, key, old_value, new_value, changed_by, changed_at FROM settings_history
                        WHERE (CAST(?1 AS VARCHAR) IS NULL OR key = ?1) ORDER BY changed_at DESC, id DESC LIMIT ?2""")
                .setParameter(1, key)
                .setParameter(2, limit)
                .getResultList();
        return rows.stream().map(row -> toChange((Object[]) row)).toList();
    }

    /** Deletes the changes made before {@code cutoff}; returns how many. */
    public int deleteOlderThan(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM settings_history WHERE changed_at < ?1")
                .setParameter(1, Timestamp.from(cutoff))
                .executeUpdate();
    }

    private static Change toChange(Object[] row) {
        return new Change(
                ((Number) row[0]).longValue(),
                (String) row[1],
                (String) row[2],
                (String) row[3],
                (String) row[4],
                ((Timestamp) row[5]).toInstant());
    }
}
