package io.lollmsbot.heartbeat.control;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

/**
 * Runs a task in a transaction of its own while holding a cluster-wide lock on the task's name (a transaction-scoped
 * PostgreSQL advisory lock), so a manual run and the scheduled run, or runs on two nodes, never overlap.
 */
@Stateless
public class TaskExecution {

    /** The first half of the two-part advisory lock key of heartbeat tasks ("hbt" in ASCII). */
    private static final int LOCK_SPACE = 0x686274;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /** The task's result, or empty when another run of the same task holds the lock. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<TaskResult> runExclusively(HeartbeatTask task) {
        Object locked = em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1, ?2)")
                .setParameter(1, LOCK_SPACE)
                .setParameter(2, task.name().hashCode())
                .getSingleResult();
        return Boolean.TRUE.equals(locked) ? Optional.of(task.run()) : Optional.empty();
    }
}
