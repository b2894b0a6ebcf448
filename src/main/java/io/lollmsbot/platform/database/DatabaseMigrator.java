package io.lollmsbot.platform.database;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.SQLException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the Flyway migrations of db/migrations before anything else uses the database. On the embedded database
 * they run as its superuser, which then hands the new tables to the application role (the audit tables excepted, see
 * EmbeddedPrivileges); on an external database they run as the configured role.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class.getName());

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    private volatile String schemaVersion;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(getClass().getClassLoader())
                .dataSource(EmbeddedDatabase.INSTANCE.superuser().orElse(dataSource))
                // Liberty's class loader lists a resource directory only through a file in it: db/migration and
                // db/callback (where Flyway always looks for callbacks; there are none) each hold an empty
                // flyway.location, or Flyway logs SEVERE at every start
                .locations("classpath:db/migration")
                // Liberty's EJB timer store may create its tables in the schema before the first migration runs
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
        try {
            EmbeddedDatabase.INSTANCE.handOverSchema();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "The embedded database's tables could not be handed to the application role", e);
        }
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted
                + " migration(s) applied now)");
    }

    public String schemaVersion() {
        return schemaVersion;
    }
}
