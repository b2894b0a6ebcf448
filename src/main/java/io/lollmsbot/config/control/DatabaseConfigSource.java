package io.lollmsbot.config.control;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The settings an admin changed at runtime (table {@code settings}), as a MicroProfile ConfigSource with ordinal 250:
 * above microprofile-config.properties (100), below environment variables (300) and system properties (400), which
 * therefore lock a key.
 * <p>
 * The runtime constructs several instances (one per Config it builds), so the snapshot is shared by all of them and
 * {@link #invalidateAll()} reaches every one. The snapshot is reloaded when older than {@link #TTL_MILLIS}, which is how
 * other nodes see a change; one thread reloads (tryLock) while the others keep reading the previous snapshot. The
 * dataSource is looked up lazily: Config is built during CDI deployment, before the database and Flyway are ready, and
 * until then the source is simply empty.
 * <p>
 * The same reload reads the change counters (table {@code change_counters}, moved forward by triggers) that let a
 * node keep rarely changing data such as the tool policy and the skills ({@link ClusterCached}): one mechanism, one
 * delay, for everything a node caches from another node's writes.
 */
public class DatabaseConfigSource implements ConfigSource {

    public static final String NAME = "DatabaseConfigSource[settings]";
    public static final int ORDINAL = 250;
    static final String PREFIX = "lollmsbot.";
    /** Read before the database is up (they locate it), so they can only come from the environment or defaults. */
    private static final String DATABASE_PREFIX = "lollmsbot.db.";

    private static final Set<String> BOOTSTRAP = Set.of(
            "lollmsbot.data.dir",
            "lollmsbot.http.port",
            "lollmsbot.https.port",
            "lollmsbot.http.host",
            "lollmsbot.admin.password",
            "lollmsbot.metrics.token",
            "lollmsbot.auth.password-hash-iterations");
    static final long TTL_MILLIS = 2_000;
    private static final long RETRY_MILLIS = 1_000;
    /** Its own pool, unshareable (server.xml): a reload must not keep a connection for the request it runs on. */
    private static final String DATA_SOURCE = "jdbc/lollmsbotSettings";

    private static final ReentrantLock RELOAD = new ReentrantLock();
    private static volatile Map<String, String> snapshot = Map.of();
    private static volatile Map<String, Long> counters = Map.of();
    private static volatile long nextReloadAt;
    private static volatile long generation;
    private static volatile DataSource dataSource;

    /** Makes the next read on this node reload, e.g. after an admin changed a setting and the change committed. */
    public static void invalidateAll() {
        nextReloadAt = 0;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    /** Whether a key can come from this source: lollmsbot keys except those needed to find the database. */
    public static boolean serves(String key) {
        return key.startsWith(PREFIX) && !key.startsWith(DATABASE_PREFIX) && !BOOTSTRAP.contains(key);
    }

    /** The keys of the last snapshot: Config asks while it is built, before the database runs, so no reload here. */
    @Override
    public Set<String> getPropertyNames() {
        return snapshot.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        // framework keys never reach the database
        return serves(propertyName) ? current().get(propertyName) : null;
    }

    /**
     * The change counter {@code name} as of the last reload (reloading first when it is due); -1 while unknown, so a
     * cache keyed by it is never taken for current before the database has answered.
     */
    public static long changeCounter(String name) {
        current();
        return counters.getOrDefault(name, -1L);
    }

    /**
     * A number that moves whenever a reload finds the settings changed (reloading first when it is due): a bean that
     * derives something costly from several settings can keep it while the number stays. The other sources of
     * Config (environment, system properties, microprofile-config.properties) are fixed for the life of the server.
     */
    public static long generation() {
        current();
        return generation;
    }

    private static Map<String, String> current() {
        long now = System.currentTimeMillis();
        if (now >= nextReloadAt && RELOAD.tryLock()) {
            try {
                if (now >= nextReloadAt) {
                    reload(now);
                }
            } finally {
                RELOAD.unlock();
            }
        }
        return snapshot;
    }

    private static void reload(long now) {
        try {
            load();
            nextReloadAt = now + TTL_MILLIS;
        } catch (NamingException | SQLException | RuntimeException e) {
            // no database, pool or table yet (before Flyway): keep what we have and try again soon
            nextReloadAt = now + RETRY_MILLIS;
        }
    }

    private static void load() throws NamingException, SQLException {
        if (dataSource == null) {
            dataSource = (DataSource) new InitialContext().lookup(DATA_SOURCE);
        }
        Map<String, String> values = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(
                            "SELECT key, value FROM settings WHERE key LIKE 'lollmsbot.%'");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.put(rows.getString(1), rows.getString(2));
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT name, version FROM change_counters");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        if (!values.equals(snapshot)) {
            snapshot = Map.copyOf(values);
            generation++; // only the thread holding RELOAD writes it
        }
        counters = Map.copyOf(versions);
    }
}
