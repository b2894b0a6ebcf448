package io.lollmsbot.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The PostgreSQL server lollmsbot starts itself when no external database is configured: a real PostgreSQL whose files
 * live under {@code lollmsbot.data.dir}/postgres, so data survives restarts. One per JVM.
 */
public final class EmbeddedDatabase {

    public static final EmbeddedDatabase INSTANCE = new EmbeddedDatabase();

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

    private EmbeddedPostgres postgres;
    private DatabaseMode mode;
    /** Between a start and a stop: the watchdog restarts PostgreSQL only then. */
    private boolean wanted;

    private EmbeddedDatabase() {}

    /** Starts the embedded server unless {@code lollmsbot.db.url} names another one. */
    public synchronized void start(Config config) {
        if (postgres != null) {
            return;
        }
        mode = DatabaseMode.from(config);
        if (!mode.embedded()) {
            LOG.info(
                    "Using the external PostgreSQL database configured by lollmsbot.db.url; embedded database not started");
            return;
        }
        startEmbedded();
    }

    /**
     * Starts PostgreSQL again when its postmaster is gone although it should run (see
     * {@link EmbeddedDatabaseWatchdog}); PostgreSQL recovers the data directory from its write-ahead log on start.
     */
    synchronized void restartIfDead() {
        if (!wanted || (postgres != null && Postmaster.running(mode.dataDirectory()))) {
            return;
        }
        LOG.warning("Embedded PostgreSQL is not running; starting it again (crash recovery)");
        if (postgres != null) {
            closeQuietly();
        }
        startEmbedded();
    }

    private void startEmbedded() {
        Path dir = mode.dataDirectory();
        try {
            Files.createDirectories(dir);
            long started = System.nanoTime();
            postgres = EmbeddedPostgres.builder()
                    .setPort(mode.port())
                    .setDataDirectory(dir.toFile())
                    .setCleanDataDirectory(false)
                    // the library's test defaults (-F, synchronous_commit=off) could lose acknowledged turns or
                    // corrupt the database in a crash: a server keeps PostgreSQL's durable defaults
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            wanted = true;
            LOG.info(() -> String.format(
                    "Embedded PostgreSQL started on 127.0.0.1:%d with data in %s (%d ms)",
                    mode.port(), dir, (System.nanoTime() - started) / 1_000_000));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Embedded PostgreSQL could not start in " + dir + " on port " + mode.port() + ": " + e.getMessage(),
                    e);
        }
    }

    public synchronized void stop() {
        wanted = false;
        if (postgres == null) {
            return;
        }
        closeQuietly();
        LOG.info("Embedded PostgreSQL stopped");
    }

    private void closeQuietly() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warning("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        } finally {
            postgres = null;
        }
    }

    public synchronized DatabaseMode mode() {
        return mode;
    }
}
