package io.lollmsbot.audit.control;

import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.RequestIds;
import io.lollmsbot.common.Traced;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Appends to the keyed, hash-chained audit log. Appends are serialised across every node by a transaction-scoped
 * PostgreSQL advisory lock, so the chain stays linear with two servers on one database (which must share the
 * {@link AuditKey}).
 */
@Stateless
public class AuditLog {

    /** Advisory lock key of the audit chain ("audit" in ASCII). */
    private static final long CHAIN_LOCK = 0x6175646974L;

    private static final int VERIFY_PAGE = 1_000;

    static final String MIN_DAYS_KEY = "lollmsbot.audit.retention.min-days";

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    AuditKey key;

    @Inject
    Config config;

    /**
     * @param firstBrokenId the first row that does not match, or null (also when rows are missing at the end)
     * @param reason        why the chain is not valid, null when it is
     * @param keyedSinceId  the row that starts the keyed chain, null when it was deleted by retention or not written yet
     * @param head          the chain's length and newest hash when it is valid (also recorded as an anchor), else null
     */
    public record Verification(
            boolean valid, long checked, Long firstBrokenId, String reason, Long keyedSinceId, Anchor head) {

        static Verification broken(long checked, Long id, String reason) {
            return new Verification(false, checked, id, reason, null, null);
        }
    }

    /** The chain's length (the newest row's sequence number) and newest hash at a point in time. */
    public record Anchor(long seq, String rowHash, Instant anchoredAt) {}

    /** Which rows {@link #search} returns: all filters optional, newest first. */
    public record Query(Instant since, String type, String actor, int limit) {}

    public record Retention(long deleted, Long checkpointId) {}

    /**
     * Records an event in the caller's transaction; the request id of the current request is added when missing. The
     * first keyed row after unkeyed ones (or the very first row) is preceded by the {@link AuditChain#KEYED_MARKER}.
     */
    @Traced(value = "db.audit.record", database = true)
    public void record(AuditEvent event) {
        AuditEvent complete = event.requestId() == null ? event.withRequestId(RequestIds.current()) : event;
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, CHAIN_LOCK)
                .getSingleResult();
        Link last = lastLink();
        if (!last.keyed()) {
            long checkpointId = newestCheckpoint().map(Checkpoint::id).orElse(0L);
            last = append(
                    last,
                    AuditEvent.of(null, AuditChain.KEYED_MARKER, markerTarget(checkpointId))
                            .withRequestId(complete.requestId()));
        }
        append(last, complete);
    }

    /** Where the next row attaches: the newest row, else the newest checkpoint, else the genesis. */
    private record Link(long seq, String hash, boolean keyed) {}

    private Link lastLink() {
        List<?> last = em.createNativeQuery("SELECT seq, row_hash, keyed FROM audit_log ORDER BY id DESC LIMIT 1")
                .getResultList();
        if (!last.isEmpty()) {
            Object[] row = (Object[]) last.get(0);
            return new Link(((Number) row[0]).longValue(), row[1].toString(), (Boolean) row[2]);
        }
        return newestCheckpoint()
                .map(c -> new Link(c.lastSeq(), c.rowHash(), c.mac() != null))
                .orElse(new Link(0, AuditChain.GENESIS, false));
    }

    private Link append(Link last, AuditEvent event) {
        // PostgreSQL keeps microseconds: hash exactly what will be read back
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        long seq = last.seq() + 1;
        String hash = AuditChain.keyedRowHash(key, seq, last.hash(), occurredAt, event);
        em.persist(new AuditEntry(event, occurredAt, seq, true, last.hash(), hash));
        // inserted now, so ids follow the sequence numbers: at commit EclipseLink may order the inserts differently
        em.flush();
        return new Link(seq, hash, true);
    }

    /** The marker names the key (by fingerprint) and the newest checkpoint before it, which has no HMAC. */
    private String markerTarget(long checkpointId) {
        return "key=" + key.fingerprint() + " checkpoint=" + checkpointId;
    }

    private record Checkpoint(long id, long lastSeq, String rowHash, String mac) {}

    private Optional<Checkpoint> newestCheckpoint() {
        List<?> rows = em.createNativeQuery(
                        "SELECT id, last_seq, row_hash, mac FROM audit_checkpoints ORDER BY id DESC LIMIT 1")
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Checkpoint(
                ((Number) row[0]).longValue(),
                ((Number) row[1]).longValue(),
                row[2].toString(),
                row[3] == null ? null : row[3].toString()));
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
     * Deletes the rows older than the given number of days, oldest first and only as a contiguous prefix of the chain,
     * through the database function that also records the last deleted row as a keyed checkpoint, so
     * {@link #verify} can check the rest. The run is itself audited first, so the newest row always survives and
     * later appends stay linked. Fewer days than {@value #MIN_DAYS_KEY} is refused.
     */
    public Retention applyRetention(int olderThanDays, String actor) {
        int minimum = config.getValue(MIN_DAYS_KEY, Integer.class);
        if (olderThanDays < minimum) {
            throw new ProblemException(
                    400, "olderThanDays must be at least " + minimum + " (" + MIN_DAYS_KEY + "): audit rows are kept");
        }
        Instant cutoff = Instant.now().minus(Duration.ofDays(olderThanDays));
        record(AuditEvent.of(actor, "audit.retention", cutoff.toString()));
        em.flush();
        List<?> last = em.createNativeQuery(
                        "SELECT id, seq, row_hash FROM audit_log WHERE id = (SELECT max(id) FROM audit_log "
                                + "WHERE occurred_at < ?1 AND id < (SELECT max(id) FROM audit_log))")
                .setParameter(1, Timestamp.from(cutoff))
                .getResultList();
        if (last.isEmpty()) {
            return new Retention(0, null);
        }
        Object[] row = (Object[]) last.get(0);
        String mac = AuditChain.checkpointMac(key, ((Number) row[1]).longValue(), row[2].toString());
        Object[] result = (Object[]) em.createNativeQuery(
                        "SELECT deleted_rows, checkpoint_id FROM audit_delete_prefix(?1, CAST(?2 AS CHAR(64)))")
                .setParameter(1, ((Number) row[0]).longValue())
                .setParameter(2, mac)
                .getSingleResult();
        return new Retention(((Number) result[0]).longValue(), ((Number) result[1]).longValue());
    }

    /** Records the chain's current length and head hash, keyed, in the database and in the log. */
    public Anchor anchor() {
        Link head = lastLink();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.createNativeQuery("INSERT INTO audit_anchors (seq, row_hash, mac, created_at) VALUES (?1, ?2, ?3, ?4)")
                .setParameter(1, head.seq())
                .setParameter(2, head.hash())
                .setParameter(3, AuditChain.anchorMac(key, head.seq(), head.hash()))
                .setParameter(4, Timestamp.from(now))
                .executeUpdate();
        LOG.info(() -> "Audit anchor: " + head.seq() + " rows, head " + head.hash() + ", key " + key.fingerprint());
        return new Anchor(head.seq(), head.hash(), now);
    }

    /**
     * Walks the chain in order, from the genesis or the newest retention checkpoint, and names the first row whose
     * number, link or hash does not match; then compares the head with the newest stored anchor and with the one the
     * caller kept ({@code expected}, optional), which finds rows deleted from the end. A valid chain is anchored.
     */
    public Verification verify(Anchor expected) {
        ChainVerifier verifier = new ChainVerifier(
                key,
                newestCheckpoint()
                        .map(c -> new ChainVerifier.Start(c.id(), c.lastSeq(), c.rowHash(), c.mac()))
                        .orElse(null));
        long afterId = 0L;
        while (verifier.broken() == null) {
            List<AuditEntry> page = em.createQuery(
                            "select a from AuditEntry a where a.id > :after order by a.id", AuditEntry.class)
                    .setParameter("after", afterId)
                    .setMaxResults(VERIFY_PAGE)
                    .getResultList();
            page.forEach(verifier::accept);
            if (page.size() < VERIFY_PAGE) {
                break;
            }
            afterId = page.get(page.size() - 1).id();
            em.clear();
        }
        newestAnchor().ifPresent(anchor -> verifier.compare(anchor, this::hashOf));
        if (expected != null) {
            verifier.compareUnsigned(expected.seq(), expected.rowHash(), this::hashOf);
        }
        Verification result = verifier.result();
        if (!result.valid()) {
            LOG.warning(() -> "Audit chain verification failed: " + result.reason());
            return result;
        }
        Anchor head = anchor();
        return new Verification(true, result.checked(), null, null, result.keyedSinceId(), head);
    }

    private Optional<ChainVerifier.SignedAnchor> newestAnchor() {
        List<?> rows = em.createNativeQuery(
                        "SELECT seq, row_hash, mac FROM audit_anchors ORDER BY seq DESC, id DESC LIMIT 1")
                .getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(
                new ChainVerifier.SignedAnchor(((Number) row[0]).longValue(), row[1].toString(), row[2].toString()));
    }

    private Optional<String> hashOf(long seq) {
        List<?> rows = em.createNativeQuery("SELECT row_hash FROM audit_log WHERE seq = ?1")
                .setParameter(1, seq)
                .getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).toString());
    }
}
