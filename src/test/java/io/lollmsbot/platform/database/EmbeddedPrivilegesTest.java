package io.lollmsbot.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL as earlier versions left it (trust, schema owned by the superuser), upgraded in place: passwords
 * required, the schema's tables handed to the application role, the audit tables append-only for it.
 */
class EmbeddedPrivilegesTest {

    @TempDir
    Path dataDir;

    @Test
    void aTrustingDataDirectoryIsSecuredInPlaceAndTheAuditTablesBecomeAppendOnly() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                // as EmbeddedDatabase does: ignored while the server trusts, needed once it no longer does
                .setConnectConfig("password", "super-Secret-1")
                .start()) {
            // as an earlier version: the migrations ran as the superuser on a trusting server
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
            try (Connection db = postgres.getPostgresDatabase().getConnection();
                    Statement sql = db.createStatement()) {
                sql.execute("INSERT INTO audit_log (type, prev_hash, row_hash, seq) VALUES ('old', repeat('0', 64), "
                        + "repeat('1', 64), 1), ('old', repeat('1', 64), repeat('2', 64), 2)");
            }

            EmbeddedPrivileges.secure(
                    postgres.getPostgresDatabase(), dataDir, "super-Secret-1", "lollmsbot", "app-Secret-2");
            String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";

            SQLException refused =
                    assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "wrong"));
            assertEquals("28P01", refused.getSQLState());
            assertFalse(Files.readString(dataDir.resolve("pg_hba.conf")).contains("trust"));
            try (Connection app = DriverManager.getConnection(url, "lollmsbot", "app-Secret-2");
                    Statement sql = app.createStatement()) {
                try (ResultSet role = sql.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                    assertTrue(role.next());
                    assertFalse(role.getBoolean(1));
                }
                sql.execute("INSERT INTO settings (key, value) VALUES ('lollmsbot.x', 'y')");
                sql.execute("DELETE FROM settings WHERE key = 'lollmsbot.x'");
                sql.execute("INSERT INTO audit_log (type, prev_hash, row_hash, seq) VALUES ('new', repeat('2', 64), "
                        + "repeat('3', 64), 3)");
                for (String change : new String[] {
                    "DELETE FROM audit_log",
                    "UPDATE audit_log SET actor = 'x'",
                    "TRUNCATE audit_log",
                    "DROP TABLE audit_log"
                }) {
                    SQLException denied = assertThrows(SQLException.class, () -> sql.execute(change), change);
                    assertEquals("42501", denied.getSQLState(), change);
                }
                try (ResultSet deleted = sql.executeQuery(
                        "SELECT deleted_rows FROM audit_delete_prefix((SELECT min(id) FROM audit_log), repeat('a', 64)::char(64))")) {
                    assertTrue(deleted.next());
                    assertEquals(1, deleted.getLong(1), "retention goes through the function");
                }
                SQLException newest = assertThrows(
                        SQLException.class,
                        () -> sql.executeQuery("SELECT * FROM audit_delete_prefix((SELECT max(id) FROM audit_log), "
                                + "repeat('a', 64)::char(64))"));
                assertTrue(newest.getMessage().contains("newest"), newest.getMessage());
            }
        }
    }
}
