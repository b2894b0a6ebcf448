package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void recognisesAnUnreachableDatabaseThroughWrappers() {
        SQLException refused = new SQLException("Connection refused", "08001");
        assertTrue(DatabaseUnavailable.causedBy(new RuntimeException(new IllegalStateException(refused))));
        assertTrue(DatabaseUnavailable.causedBy(new SQLException("terminating connection", "57P01")));
        assertFalse(DatabaseUnavailable.causedBy(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseUnavailable.causedBy(new IllegalStateException("no database involved")));
    }
}
