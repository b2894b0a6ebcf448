package io.lollmsbot.platform.database;

import io.lollmsbot.common.SecretFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * The PostgreSQL server lollmsbot starts itself when no external database is configured: a real PostgreSQL whose files
 * live under {@code lollmsbot.data.dir}/postgres, so data survives restarts. One per JVM. It answers only with a
 * password: the superuser's is generated at the first start and kept in {@code lollmsbot.data.dir}/{@value
 * #SUPERUSER_PASSWORD_FILE} (0600); the application connects as the role {@code lollmsbot.db.user}, no superuser
 * (see {@link EmbeddedPrivileges}).
 */
public final class EmbeddedDatabase {

    public static final EmbeddedDatabase INSTANCE = new EmbeddedDatabase();

    static final String SUPERUSER_PASSWORD_FILE = "postgres-superuser.password";
    private static final String SUPERUSER = "postgres";
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());

    private EmbeddedPostgres postgres;
    private DatabaseMode mode;
    private String appRole;
    private String appPassword;
    private String superuserPassword;
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
        appRole = config.getOptionalValue("lollmsbot.db.user", String.class).orElse("lollmsbot");
        appPassword = appPassword(config);
        if (appRole.equals(SUPERUSER)) {
            throw new IllegalStateException(
                    "lollmsbot.db.user must not be postgres: the application connects to the embedded database as a role without superuser rights");
        }
        superuserPassword = SecretFiles.readOrCreate(mode.dataDirectory().resolveSibling(SUPERUSER_PASSWORD_FILE), 24);
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

    /**
     * The application role's password: the one the server.xml dataSource uses, by default the random
     * {@code keystore_password} that {@code server create} writes into server.env.
     */
    private static String appPassword(Config config) {
        Optional<String> password;
        try {
            password = config.getOptionalValue("lollmsbot.db.password", String.class);
        } catch (NoSuchElementException unresolvedDefault) {
            password = Optional.empty();
        }
        return password.filter(value -> !value.isBlank())
                .orElseThrow(
                        () -> new IllegalStateException(
                                "lollmsbot.db.password (LOLLMSBOT_DB_PASSWORD) is not set: the embedded database's application role needs a password"));
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
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // also what the library uses to check that the server is up: a data directory of an earlier
                    // version still trusts every connection until secure() below rewrites pg_hba.conf
                    .setConnectConfig("password", superuserPassword)
                    .start();
            EmbeddedPrivileges.secure(postgres.getPostgresDatabase(), dir, superuserPassword, appRole, appPassword);
            wanted = true;
            LOG.info(() -> String.format(
                    "Embedded PostgreSQL started on 127.0.0.1:%d with data in %s (%d ms)",
                    mode.port(), dir, (System.nanoTime() - started) / 1_000_000));
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Embedded PostgreSQL could not be secured in " + dir + ": " + e.getMessage(), e);
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

    /**
     * The superuser's connections, for the migrations and for handing their tables to the application role; empty
     * with an external database, whose configured role runs the migrations itself.
     */
    synchronized Optional<DataSource> superuser() {
        return postgres == null ? Optional.empty() : Optional.of(postgres.getPostgresDatabase());
    }

    /** After the migrations: the application role owns the new tables, the audit tables stay append-only for it. */
    synchronized void handOverSchema() throws SQLException {
        if (postgres != null) {
            EmbeddedPrivileges.handOver(postgres.getPostgresDatabase(), appRole);
        }
    }

    public synchronized DatabaseMode mode() {
        return mode;
    }
}
