package io.lollmsbot.chat.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * Serialises the turns of one conversation across every node sharing the database: a PostgreSQL transaction-level
 * advisory lock keyed by the conversation, held on its own connection for the whole turn and released by ending that
 * transaction (one transaction per turn, not a lock and an unlock; it writes nothing, so it takes no transaction id
 * and, read committed, holds no snapshot while the turn runs). PostgreSQL grants waiting
 * lockers in request order, so two nodes interleave turns in arrival order too. The connection comes from a pool of
 * its own ({@code jdbc/lollmsbotLocks}): taken from the application's pool, the held locks of busy lanes would leave
 * the turns' own queries waiting for a connection.
 */
@ApplicationScoped
public class ConversationLock {

    @Resource(lookup = "jdbc/lollmsbotLocks")
    DataSource dataSource;

    public <T> T holding(UUID conversationId, Callable<T> work) throws Exception {
        long key = conversationId.getMostSignificantBits() ^ conversationId.getLeastSignificantBits();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                execute(connection, "SELECT pg_advisory_xact_lock(?)", key);
                return work.call();
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }

    private static void execute(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, key);
            statement.execute();
        }
    }
}
