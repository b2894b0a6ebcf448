package io.lollmsbot.platform.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/** Whether this node can serve: the database answers and the schema is migrated. Checked at every call. */
@ApplicationScoped
public class DatabaseStatus {

    /**
     * @param up            a connection answers and the migrations ran
     * @param reason        why not, or null when up (an SQLState, no addresses)
     * @param mode          which PostgreSQL, with its port when embedded (admins only)
     * @param schemaVersion the Flyway version, null before the migrations ran
     */
    public record Snapshot(
            boolean up, String reason, String mode, boolean embedded, String schemaVersion, Instant checkedAt) {}

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    @Inject
    DatabaseMigrator migrator;

    public Snapshot check() {
        DatabaseMode mode = EmbeddedDatabase.INSTANCE.mode();
        String version = migrator.schemaVersion();
        String reason = version == null ? "migrations have not run" : null;
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(2)) {
                reason = "the connection is not valid";
            }
        } catch (SQLException e) {
            reason = "no connection: " + e.getSQLState();
        }
        return new Snapshot(
                reason == null,
                reason,
                mode == null ? "unknown" : mode.describe(),
                mode != null && mode.embedded(),
                version,
                Instant.now());
    }
}
