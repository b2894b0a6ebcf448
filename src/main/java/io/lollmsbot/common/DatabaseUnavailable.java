package io.lollmsbot.common;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;

/**
 * Recognises a failure that means "the database cannot be reached right now" (a server restarting, a lost or
 * refused connection, an exhausted pool), so that callers answer 503 with Retry-After instead of treating it as a
 * wrong password or an internal error.
 */
public final class DatabaseUnavailable {

    static final String RETRY_AFTER_SECONDS = "5";

    private DatabaseUnavailable() {}

    /** Whether {@code failure} or any of its causes is a connection-level database failure. */
    public static boolean causedBy(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** 08: connection exception; 57P01-57P03: the server is shutting down, crashed or cannot accept connections. */
    private static boolean isConnectionState(String sqlState) {
        return sqlState != null && (sqlState.startsWith("08") || sqlState.startsWith("57P"));
    }

    public static ProblemException problem() {
        return new ProblemException(
                Problem.of(503, Problems.titleFor(503), "The database is unavailable; try again shortly."),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
