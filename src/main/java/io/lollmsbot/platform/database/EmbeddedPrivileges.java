package io.lollmsbot.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Least privilege on the embedded PostgreSQL, applied as its superuser at every start (so data directories of earlier
 * versions, which trusted every local connection, are upgraded in place):
 * <ul>
 *   <li>every connection needs a password (SCRAM); the superuser's is random and kept in the data directory;
 *   <li>the application connects as its own role, which is no superuser and cannot create roles or databases;
 *   <li>that role owns the application's tables, except the audit tables: those belong to the superuser and the
 *       application may only read and append to them (retention goes through a SECURITY DEFINER function).
 * </ul>
 * The application role gets {@code CREATE} on schema {@code public} (Liberty creates its timer tables there) but does
 * not own the schema: a schema owner may drop any table in it, the audit log included.
 */
final class EmbeddedPrivileges {

    /** Tables that the application may read and append to, never change or delete from. */
    static final List<String> APPEND_ONLY = List.of("audit_log", "audit_checkpoints", "audit_anchors");

    static final String HBA = """
            # written by lollmsbot at every start: a password (SCRAM) for every connection, loopback only
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    /** A table, view, sequence or function of schema public; {@code audit} when it belongs to the audit log. */
    private record DbObject(String kind, String name, boolean audit) {}

    private EmbeddedPrivileges() {}

    /** Sets both passwords, creates or corrects the application role and requires passwords from now on. */
    static void secure(
            DataSource superuser, Path dataDirectory, String superuserPassword, String appRole, String appPassword)
            throws SQLException {
        try (Connection db = superuser.getConnection()) {
            execute(db, "SELECT format('ALTER ROLE postgres PASSWORD %L', ?)", superuserPassword);
            execute(
                    db,
                    "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?) THEN '' "
                            + "ELSE format('CREATE ROLE %I LOGIN', ?) END",
                    appRole,
                    appRole);
            execute(
                    db,
                    "SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS "
                            + "PASSWORD %L', ?, ?)",
                    appRole,
                    appPassword);
            execute(db, "SELECT format('GRANT USAGE, CREATE ON SCHEMA public TO %I', ?)", appRole);
            writeHba(dataDirectory);
            try (Statement reload = db.createStatement()) {
                reload.execute("SELECT pg_reload_conf()");
            }
        }
        handOver(superuser, appRole);
    }

    /**
     * Gives the application role its tables, sequences and functions, keeps the audit tables with the superuser and
     * grants the application only SELECT and INSERT on them. Run after every migration as well, for new tables.
     */
    static void handOver(DataSource superuser, String appRole) throws SQLException {
        try (Connection db = superuser.getConnection();
                PreparedStatement objects = db.prepareStatement("""
                        SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' WHEN c.relkind = 'v' THEN 'VIEW'
                                    ELSE 'TABLE' END, c.relname, c.relname = ANY (?)
                          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'S')
                           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                           AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
                        UNION ALL
                        SELECT 'FUNCTION', p.oid::regprocedure::text, p.proname LIKE 'audit\\_%'
                          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'public'
                        """)) {
            objects.setArray(1, db.createArrayOf("text", APPEND_ONLY.toArray()));
            List<DbObject> found = new ArrayList<>();
            try (ResultSet rows = objects.executeQuery()) {
                while (rows.next()) {
                    found.add(new DbObject(rows.getString(1), rows.getString(2), rows.getBoolean(3)));
                }
            }
            try (Statement alter = db.createStatement()) {
                for (DbObject object : found) {
                    boolean function = object.kind().equals("FUNCTION");
                    String name = function ? object.name() : quote(object.name());
                    alter.execute("ALTER " + object.kind() + " " + name + " OWNER TO "
                            + (object.audit() ? "postgres" : quote(appRole)));
                    if (object.audit() && !function) {
                        alter.execute("REVOKE ALL ON " + name + " FROM PUBLIC, " + quote(appRole));
                        alter.execute("GRANT SELECT, INSERT ON " + name + " TO " + quote(appRole));
                        alter.execute("GRANT USAGE, SELECT ON SEQUENCE " + quote(object.name() + "_id_seq") + " TO "
                                + quote(appRole));
                    } else if (object.audit()) {
                        alter.execute("REVOKE ALL ON FUNCTION " + name + " FROM PUBLIC");
                        alter.execute("GRANT EXECUTE ON FUNCTION " + name + " TO " + quote(appRole));
                    }
                }
            }
        }
    }

    private static void writeHba(Path dataDirectory) {
        try {
            Files.writeString(dataDirectory.resolve("pg_hba.conf"), HBA);
        } catch (IOException e) {
            throw new UncheckedIOException("pg_hba.conf cannot be written in " + dataDirectory, e);
        }
    }

    /** Runs the statement that a {@code format(...)} query builds, so names and passwords are quoted by PostgreSQL. */
    private static void execute(Connection db, String formatQuery, String... arguments) throws SQLException {
        String statement;
        try (PreparedStatement format = db.prepareStatement(formatQuery)) {
            for (int i = 0; i < arguments.length; i++) {
                format.setString(i + 1, arguments[i]);
            }
            try (ResultSet row = format.executeQuery()) {
                row.next();
                statement = row.getString(1);
            }
        }
        if (!statement.isEmpty()) {
            try (Statement run = db.createStatement()) {
                run.execute(statement);
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
