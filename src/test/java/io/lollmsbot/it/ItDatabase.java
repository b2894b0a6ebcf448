package io.lollmsbot.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The test server's embedded database as the tests reach it: as its superuser (password from the data directory, as
 * an operator would read it) to look at or tamper with rows, or as the application role.
 */
final class ItDatabase {

    static final Path DATA_DIR = Path.of(System.getProperty("it.data.dir", "target/it-data"));
    static final String URL = "jdbc:postgresql://127.0.0.1:" + System.getProperty("it.db.port", "55433") + "/postgres";
    static final String APP_ROLE = "lollmsbot";
    static final String APP_PASSWORD = System.getProperty("it.db.password", "it-db-Secret-13");

    private ItDatabase() {}

    static Connection superuser() throws SQLException {
        return DriverManager.getConnection(URL, "postgres", read("postgres-superuser.password"));
    }

    static Connection application() throws SQLException {
        return DriverManager.getConnection(URL, APP_ROLE, APP_PASSWORD);
    }

    /** The audit HMAC key the test server generated, which a second node must share. */
    static String auditKey() {
        return read("audit-hmac.key");
    }

    static String read(String secretFile) {
        try {
            return Files.readString(DATA_DIR.resolve(secretFile)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
