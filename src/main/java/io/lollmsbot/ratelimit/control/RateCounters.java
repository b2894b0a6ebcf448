package io.lollmsbot.ratelimit.control;

import io.lollmsbot.common.Traced;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Counters in PostgreSQL, shared by every node. Each call commits on its own (REQUIRES_NEW), so a counter row is
 * locked only for the single upsert, never for the caller's whole transaction (a chat turn lasts seconds).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RateCounters {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /**
     * Counts one hit in the bucket's window, atomically across nodes, and returns the window's hits so far. The
     * commit does not wait for the disk: a crash may forget the last few hits of a counter, which only lets a user
     * send a few more requests in that minute, while every chat turn would otherwise wait for one more WAL flush.
     */
    @Traced(value = "db.ratelimit.hit", database = true)
    public int hit(String bucket, Window window) {
        em.createNativeQuery("SELECT set_config('synchronous_commit', 'off', true)")
                .getSingleResult();
        Number hits = (Number) em.createNativeQuery("""
                        INSERT INTO rate_limit_counters (bucket, window_start, hits, expires_at)
                        VALUES (?1, to_timestamp(?2), 1, to_timestamp(?3))
                        ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limit_counters.hits + 1
                        RETURNING hits""")
                .setParameter(1, bucket)
                .setParameter(2, window.startEpochSecond())
                .setParameter(3, window.endEpochSecond())
                .getSingleResult();
        return hits.intValue();
    }

    /** Takes back one hit of the bucket's window (never below zero). */
    public void unhit(String bucket, Window window) {
        em.createNativeQuery(
                        "UPDATE rate_limit_counters SET hits = hits - 1 WHERE bucket = ?1 AND window_start = to_timestamp(?2) AND hits > 0")
                .setParameter(1, bucket)
                .setParameter(2, window.startEpochSecond())
                .executeUpdate();
    }

    public void deleteExpired() {
        em.createNativeQuery("DELETE FROM rate_limit_counters WHERE expires_at < now()")
                .executeUpdate();
    }
}
