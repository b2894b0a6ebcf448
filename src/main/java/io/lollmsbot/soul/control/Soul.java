package io.lollmsbot.soul.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.soul.entity.Persona;
import io.lollmsbot.soul.entity.SoulVersion;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * The persona pillar: versions of the persona Markdown, and the system prompt built from the current one. The prompt
 * is cached per node; a turn reads the cache, and at most every {@link #RECHECK} one caller asks the database for
 * the current version number (one indexed {@code max}), so an edit made on any node reaches every node's next turns
 * within that time, and at once on the node that made it. Bean-managed concurrency: turns never wait for each other.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class Soul {

    static final Duration RECHECK = Duration.ofSeconds(2);
    /** Advisory lock key serialising version numbers across nodes ("soul" in ASCII). */
    private static final long VERSION_LOCK = 0x736f756cL;

    private static final int MAX_VERSIONS_LISTED = 500;
    private static final Logger LOG = Logger.getLogger(Soul.class.getName());

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private record Snapshot(int version, String prompt, long checkedAtNanos) {

        boolean fresh() {
            return System.nanoTime() - checkedAtNanos < RECHECK.toNanos();
        }
    }

    private volatile Snapshot snapshot;
    private final ReentrantLock refreshing = new ReentrantLock();
    /** Counts committed edits, so a refresh that read the database before one commits does not cache the old text. */
    private final AtomicLong edits = new AtomicLong();

    /** The system prompt of the current persona version. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public String systemPrompt() {
        Snapshot current = snapshot;
        if (current != null && current.fresh()) {
            return current.prompt();
        }
        if (current != null && !refreshing.tryLock()) {
            return current.prompt();
        }
        if (current == null) {
            refreshing.lock();
        }
        try {
            return refreshed().prompt();
        } finally {
            refreshing.unlock();
        }
    }

    private Snapshot refreshed() {
        Snapshot current = snapshot;
        if (current != null && current.fresh()) {
            return current;
        }
        long editsBefore = edits.get();
        int latest = ((Number) em.createNativeQuery("SELECT max(version) FROM soul_versions")
                        .getSingleResult())
                .intValue();
        Snapshot next = current != null && current.version() == latest
                ? new Snapshot(latest, current.prompt(), System.nanoTime())
                : new Snapshot(latest, promptOf(version(latest).orElseThrow().markdown()), System.nanoTime());
        if (edits.get() == editsBefore) {
            snapshot = next;
        }
        return next;
    }

    private static String promptOf(String markdown) {
        try {
            return SystemPrompt.of(PersonaMarkdown.parse(markdown));
        } catch (InvalidPersonaException e) {
            LOG.warning(() ->
                    "the stored persona does not follow the format, its text is used as it is: " + e.getMessage());
            return SystemPrompt.ofRaw(markdown);
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public SoulVersion current() {
        return version(latestVersion()).orElseThrow();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<SoulVersion> version(int version) {
        List<?> rows = em.createNativeQuery(
                        "SELECT version, markdown, created_at, created_by, restored_from FROM soul_versions "
                                + "WHERE version = ?1")
                .setParameter(1, version)
                .getResultList();
        return rows.stream().map(row -> toVersion((Object[]) row)).findFirst();
    }

    /** The versions, newest first, without their Markdown. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<SoulVersion> versions() {
        List<?> rows = em.createNativeQuery(
                        "SELECT version, '' AS markdown, created_at, created_by, restored_from FROM soul_versions "
                                + "ORDER BY version DESC")
                .setMaxResults(MAX_VERSIONS_LISTED)
                .getResultList();
        return rows.stream().map(row -> toVersion((Object[]) row)).toList();
    }

    /**
     * Stores a new version after checking the format; {@code expectedVersion}, when given, must be the current
     * version (409 otherwise), so two admins editing at once do not overwrite each other unseen.
     */
    public SoulVersion update(String markdown, Integer expectedVersion, String actor) {
        validated(markdown);
        int current = lockedLatestVersion();
        if (expectedVersion != null && expectedVersion != current) {
            throw new ProblemException(
                    409,
                    "The persona was changed meanwhile: version " + expectedVersion + " is no longer the current one ("
                            + current + "). Reload it and apply your edit again.");
        }
        return store(current + 1, markdown, null, actor, "soul.update");
    }

    /** Makes a new version with the text of an earlier one; 404 when there is no such version. */
    public SoulVersion rollback(int version, String actor) {
        int current = lockedLatestVersion();
        SoulVersion restored = version(version)
                .orElseThrow(() -> new ProblemException(404, "There is no persona version " + version + "."));
        return store(current + 1, restored.markdown(), version, actor, "soul.rollback");
    }

    private SoulVersion store(int version, String markdown, Integer restoredFrom, String actor, String auditType) {
        em.createNativeQuery(
                        "INSERT INTO soul_versions (version, markdown, created_by, restored_from) VALUES (?1, ?2, ?3, CAST(?4 AS INTEGER))")
                .setParameter(1, version)
                .setParameter(2, markdown)
                .setParameter(3, actor)
                .setParameter(4, restoredFrom)
                .executeUpdate();
        String target = restoredFrom == null ? "version " + version : "version " + version + " from " + restoredFrom;
        audit.record(
                AuditEvent.of(actor, auditType, target).withContent(AuditChain.sha256(markdown), markdown.length()));
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to prepare
            }

            @Override
            public void afterCompletion(int status) {
                edits.incrementAndGet();
                snapshot = null;
            }
        });
        return version(version).orElseThrow();
    }

    private int lockedLatestVersion() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, VERSION_LOCK)
                .getSingleResult();
        return latestVersion();
    }

    private int latestVersion() {
        return ((Number) em.createNativeQuery("SELECT max(version) FROM soul_versions")
                        .getSingleResult())
                .intValue();
    }

    /**
     * The persona of valid Markdown, else a 400 problem naming the fault. Static, so boundaries validate before any
     * transaction starts (a refusal then rolls nothing back).
     */
    public static Persona validated(String markdown) {
        try {
            return PersonaMarkdown.parse(markdown);
        } catch (InvalidPersonaException e) {
            throw new ProblemException(
                    Problem.validation(List.of(new Problem.FieldError("markdown", e.getMessage()))), Map.of());
        }
    }

    private static SoulVersion toVersion(Object[] row) {
        return new SoulVersion(
                ((Number) row[0]).intValue(),
                (String) row[1],
                ((Timestamp) row[2]).toInstant(),
                (String) row[3],
                row[4] == null ? null : ((Number) row[4]).intValue());
    }
}
