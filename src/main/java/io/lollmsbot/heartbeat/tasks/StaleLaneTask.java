package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Frees lanes left behind by a node that hangs or lost its network: a chat turn holds its conversation's lock as a
 * PostgreSQL session advisory lock on an idle connection, released when the turn ends. A connection that has held
 * an advisory lock while idle for longer than {@code lollmsbot.heartbeat.stale-lane-minutes} (far beyond any turn's
 * time limits) belongs to no live turn; its session is ended, which releases the lock so the conversation can
 * continue on another node.
 */
@ApplicationScoped
public class StaleLaneTask implements HeartbeatTask {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    Config config;

    @Override
    public String name() {
        return "stale-lanes";
    }

    @Override
    public String description() {
        return "Ends database sessions that hold a lane lock while idle for too long";
    }

    @Override
    public TaskResult run() {
        int minutes = config.getValue("lollmsbot.heartbeat.stale-lane-minutes", Integer.class);
        Number held = (Number) em.createNativeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                                + "AND objsubid = 1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
                .getSingleResult();
        Number ended =
                (Number) em.createNativeQuery("""
                        SELECT count(pg_terminate_backend(a.pid)) FROM pg_stat_activity a
                        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state = 'idle'
                          AND a.state_change < now() - make_interval(mins => ?1)
                          AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory'
                                      AND l.granted AND l.objsubid = 1)""").setParameter(1, minutes).getSingleResult();
        return TaskResult.ok(
                held + " lane locks held, " + ended + " stale sessions ended (idle over " + minutes + " min)",
                Map.of("held", held.longValue(), "ended", ended.longValue()));
    }
}
