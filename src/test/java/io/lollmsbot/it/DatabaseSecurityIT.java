package io.lollmsbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL of the test server is not an open door (issue 14). */
class DatabaseSecurityIT {

    @Test
    void aWrongOrMissingPasswordIsRefused() {
        for (String user : List.of("postgres", ItDatabase.APP_ROLE)) {
            SQLException wrong = assertThrows(
                    SQLException.class, () -> DriverManager.getConnection(ItDatabase.URL, user, "wrong-password"));
            assertEquals("28P01", wrong.getSQLState(), wrong::getMessage);
            Properties noPassword = new Properties();
            noPassword.setProperty("user", user);
            assertThrows(SQLException.class, () -> DriverManager.getConnection(ItDatabase.URL, noPassword));
        }
    }

    @Test
    void theSecretsAreOwnerOnlyAndNothingIsTrusted() throws Exception {
        for (String secret : List.of("postgres-superuser.password", "audit-hmac.key")) {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(ItDatabase.DATA_DIR.resolve(secret))),
                    secret);
        }
        String hba = Files.readString(ItDatabase.DATA_DIR.resolve("postgres/pg_hba.conf"));
        assertFalse(hba.contains("trust"), hba);
        assertTrue(hba.contains("scram-sha-256"), hba);
    }

    @Test
    void theApplicationRoleIsNoSuperuserAndOwnsItsTablesButNotTheAuditLog() throws Exception {
        try (Connection db = ItDatabase.application();
                Statement query = db.createStatement();
                ResultSet role = query.executeQuery(
                        "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
            assertTrue(role.next());
            assertFalse(role.getBoolean(1), "no superuser");
            assertFalse(role.getBoolean(2), "cannot create roles");
            assertFalse(role.getBoolean(3), "cannot create databases");
        }
        try (Connection db = ItDatabase.superuser();
                Statement query = db.createStatement();
                ResultSet owners = query.executeQuery(
                        "SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' "
                                + "AND tablename IN ('users', 'messages', 'audit_log', 'audit_checkpoints', 'audit_anchors')")) {
            int seen = 0;
            while (owners.next()) {
                seen++;
                String expected = owners.getString(1).startsWith("audit_") ? "postgres" : ItDatabase.APP_ROLE;
                assertEquals(expected, owners.getString(2), owners.getString(1));
            }
            assertEquals(5, seen);
        }
    }

    @Test
    void theApplicationRoleCanOnlyReadAndAppendToTheAuditTables() throws Exception {
        try (Connection db = ItDatabase.application();
                Statement statement = db.createStatement()) {
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM audit_log")) {
                assertTrue(count.next(), "reading is allowed");
            }
            for (String change : List.of(
                    "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
                    "UPDATE audit_log SET actor = 'mallory' WHERE id = (SELECT max(id) FROM audit_log)",
                    "TRUNCATE audit_log",
                    "DELETE FROM audit_checkpoints",
                    "UPDATE audit_anchors SET seq = 0",
                    "DROP TABLE audit_log",
                    "ALTER TABLE audit_log OWNER TO " + ItDatabase.APP_ROLE)) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(change), change);
                assertEquals("42501", refused.getSQLState(), change + ": " + refused.getMessage());
            }
        }
    }
}
