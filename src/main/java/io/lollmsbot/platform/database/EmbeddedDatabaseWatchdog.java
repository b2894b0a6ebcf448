package io.lollmsbot.platform.database;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Brings the embedded PostgreSQL back when its postmaster died (killed, crashed, out of memory): every
 * {@value #INTERVAL_SECONDS} s it checks the process and, when it is gone, starts PostgreSQL again on the same data
 * directory, which runs PostgreSQL's crash recovery. Meanwhile requests get 503 with Retry-After. Does nothing with an
 * external database.
 */
@ApplicationScoped
public class EmbeddedDatabaseWatchdog {

    static final int INTERVAL_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabaseWatchdog.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        DatabaseMode mode = EmbeddedDatabase.INSTANCE.mode();
        if (mode != null && mode.embedded()) {
            task = scheduler.scheduleWithFixedDelay(this::check, INTERVAL_SECONDS, INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void check() {
        try {
            EmbeddedDatabase.INSTANCE.restartIfDead();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "Embedded PostgreSQL could not be restarted; trying again in " + INTERVAL_SECONDS + " s",
                    e);
        }
    }
}
