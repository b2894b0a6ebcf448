package io.lollmsbot.audit.control;

import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.RequestIds;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Appends to the hash-chained audit log. Appends are serialised across every node by a transaction-scoped
 * PostgreSQL advisory lock, so the chain stays linear with two servers on one database.
 */
@Stateless
public class AuditLog {

    /** Advisory lock key of the audit chain ("audit" in ASCII). */
    private static final long CHAIN_LOCK = 0x6175646974L;

    private static final int VERIFY_PAGE = 1_000;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    public record Verification(boolean valid, long checked, Long firstBrokenId) {}

    /** Which rows {@link #search} returns: all filters optional, newest first. */
    public record Query(Instant since, String type, String actor, int limit) {}

    public record Retention(long deleted, Long checkpointId) {}

    /** Records an event in the caller's transaction; the request id of the current request is added when missing. */
    public void record(AuditEvent event) {
        AuditEvent complete = event.requestId() == null ? event.withRequestId(RequestIds.current()) : event;
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, CHAIN_LOCK)
                .getSingleResult();
        List<?> last = em.createNativeQuery("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1")
                .getResultList();
        String prevHash = last.isEmpty() ? AuditChain.GENESIS : last.get(0).toString();
        // PostgreSQL keeps microseconds: hash exactly what will be read back
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.persist(new AuditEntry(complete, occurredAt, prevHash, AuditChain.rowHash(prevHash, occurredAt, complete)));
    }

    public List<AuditEntry> search(Query query) {
        StringBuilder jpql = new StringBuilder("select a from AuditEntry a where 1 = 1");
        if (query.since() != null) {
            jpql.append(" and a.occurredAt >= :since");
        }
        if (query.type() != null) {
            jpql.append(" and a.type = :type");
        }
        if (query.actor() != null) {
            jpql.append(" and (a.actor = :actor or a.target = :actor)");
        }
        var select = em.createQuery(jpql.append(" order by a.id desc").toString(), AuditEntry.class)
                .setMaxResults(query.limit());
        if (query.since() != null) {
            select.setParameter("since", query.since());
        }
        if (query.type() != null) {
            select.setParameter("type", query.type());
        }
        if (query.actor() != null) {
            select.setParameter("actor", query.actor());
        }
        return select.getResultList();
    }

    /** How many events of this type the actor caused since the given time; every node sees the same count. */
    public long count(String actor, String type, Instant since) {
        return em.createQuery(
                        "select count(a) from AuditEntry a where a.actor = :actor and a.type = :type and a.occurredAt > :since",
                        Long.class)
                .setParameter("actor", actor)
                .setParameter("type", type)
                .setParameter("since", since)
                .getSingleResult();
    }

    /** When the latest event of this type about the target happened, if ever. */
    public Optional<Instant> latest(String type, String target) {
        Object latest = em.createNativeQuery("SELECT max(occurred_at) FROM audit_log WHERE type = ?1 AND target = ?2")
                .setParameter(1, type)
                .setParameter(2, target)
                .getSingleResult();
        return Optional.ofNullable((Timestamp) latest).map(Timestamp::toInstant);
    }

    /**
     * Deletes the rows older than the cutoff, oldest first and only as a contiguous prefix of the chain, after
     * recording the last deleted row's hash as a checkpoint, so {@link #verify()} can check the rest. The run is
     * itself audited first, so the newest row always survives and later appends stay linked.
     */
    public Retention applyRetention(Instant cutoff, String actor) {
        record(AuditEvent.of(actor, "audit.retention", cutoff.toString()));
        em.flush();
        List<?> last = em.createNativeQuery(
                        "SELECT id, row_hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log "
                                + "WHERE occurred_at < ?1 AND id < (SELECT max(id) FROM audit_log))")
                .setParameter(1, Timestamp.from(cutoff))
                .getResultList();
        if (last.isEmpty()) {
            return new Retention(0, null);
        }
        Object[] row = (Object[]) last.get(0);
        long lastId = ((Number) row[0]).longValue();
        int deleted = em.createNativeQuery("DELETE FROM audit_log WHERE id <= ?1")
                .setParameter(1, lastId)
                .executeUpdate();
        Number checkpoint =
                (Number) em.createNativeQuery("INSERT INTO audit_checkpoints (last_id, row_hash, deleted_rows) "
                                + "VALUES (?1, ?2, ?3) RETURNING id")
                        .setParameter(1, lastId)
                        .setParameter(2, row[1].toString())
                        .setParameter(3, deleted)
                        .getSingleResult();
        return new Retention(deleted, checkpoint.longValue());
    }

    /**
     * Walks the chain in order, from the genesis hash or the newest retention checkpoint, and names the first row
     * whose link or content does not match.
     */
    public Verification verify() {
        List<?> checkpoint = em.createNativeQuery("SELECT row_hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1")
                .getResultList();
        String expectedPrev =
                checkpoint.isEmpty() ? AuditChain.GENESIS : checkpoint.get(0).toString();
        long checked = 0;
        Long afterId = 0L;
        while (true) {
            List<AuditEntry> page = em.createQuery(
                            "select a from AuditEntry a where a.id > :after order by a.id", AuditEntry.class)
                    .setParameter("after", afterId)
                    .setMaxResults(VERIFY_PAGE)
                    .getResultList();
            for (AuditEntry entry : page) {
                boolean linked = expectedPrev.equals(entry.prevHash());
                boolean intact = AuditChain.rowHash(entry.prevHash(), entry.occurredAt(), entry.event())
                        .equals(entry.rowHash());
                if (!linked || !intact) {
                    return new Verification(false, checked, entry.id());
                }
                expectedPrev = entry.rowHash();
                checked++;
                afterId = entry.id();
            }
            if (page.size() < VERIFY_PAGE) {
                return new Verification(true, checked, null);
            }
            em.clear();
        }
    }
}
