package io.lollmsbot.bench;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * PostgreSQL's own counters of the embedded database, which do not depend on how loaded the machine is: transactions,
 * WAL flushes, WAL bytes, and row updates with how many of them were HOT (heap-only: no index written). Uses the driver jar Liberty already has, so the harness needs nothing on its class path.
 * PostgreSQL publishes a backend's counts when it goes idle for a while (at most about 10 s later), so a reading is
 * taken only after the server has been idle that long.
 */
final class PgCounters implements AutoCloseable {

    /** How long PostgreSQL may take to publish an idle backend's statistics, plus a margin. */
    static final long SETTLE_MILLIS = 11_500;

    record Reading(long transactions, long walSyncs, long walBytes, long rowUpdates, long hotUpdates) {
    }

    private final Connection connection;

    /** Connects as the embedded database's superuser, whose random password the server keeps in its data directory. */
    PgCounters(Path driverJar, Path dataDir, int port) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {driverJar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Driver driver = (Driver) loader.loadClass("org.postgresql.Driver").getDeclaredConstructor().newInstance();
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty(
                "password", Files.readString(dataDir.resolve("postgres-superuser.password")).strip());
        connection = driver.connect("jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
        connection.setAutoCommit(true);
    }

    /** Waits until the counters have settled, then reads them (the reading's own transactions are left out). */
    Reading settledReading() throws SQLException, InterruptedException {
        Thread.sleep(SETTLE_MILLIS);
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT (SELECT xact_commit + xact_rollback FROM pg_stat_database"
                     + " WHERE datname = current_database()), wal_sync, wal_bytes,"
                     + " (SELECT sum(n_tup_upd) FROM pg_stat_user_tables), (SELECT sum(n_tup_hot_upd) FROM pg_stat_user_tables)"
                     + " FROM pg_stat_wal")) {
            row.next();
            return new Reading(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5));
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
