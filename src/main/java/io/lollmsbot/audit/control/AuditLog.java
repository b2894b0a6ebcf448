package io.lollmsbot.audit.control;

import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.platform.control.RequestIds;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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

    public record Verification(boolean valid, long checked, Long firstBrokenId) {
    }

    /** Records an event in the caller's transaction; the request id of the current request is added when missing. */
    public void record(AuditEvent event) {
        AuditEvent complete = event.requestId() == null ? event.withRequestId(RequestIds.current()) : event;
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, CHAIN_LOCK).getSingleResult();
        List<?> last = em.createNativeQuery("SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1").getResultList();
        String prevHash = last.isEmpty() ? AuditChain.GENESIS : last.get(0).toString();
        // PostgreSQL keeps microseconds: hash exactly what will be read back
        Instant occurredAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        em.persist(new AuditEntry(complete, occurredAt, prevHash, AuditChain.rowHash(prevHash, occurredAt, complete)));
    }

    /** Walks the whole chain in order and names the first row whose link or content does not match. */
    public Verification verify() {
        String expectedPrev = null;
        long checked = 0;
        Long afterId = 0L;
        while (true) {
            List<AuditEntry> page = em.createQuery("select a from AuditEntry a where a.id > :after order by a.id", AuditEntry.class)
                    .setParameter("after", afterId).setMaxResults(VERIFY_PAGE).getResultList();
            for (AuditEntry entry : page) {
                boolean linked = expectedPrev == null || expectedPrev.equals(entry.prevHash());
                boolean intact = AuditChain.rowHash(entry.prevHash(), entry.occurredAt(), entry.event()).equals(entry.rowHash());
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
