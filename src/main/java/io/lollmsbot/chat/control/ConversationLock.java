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
 * Serialises the turns of one conversation across every node sharing the database: a PostgreSQL session advisory
 * lock keyed by the conversation, held on its own connection for the whole turn. PostgreSQL grants waiting
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
            execute(connection, "SELECT pg_advisory_lock(?)", key);
            try {
                return work.call();
            } finally {
                execute(connection, "SELECT pg_advisory_unlock(?)", key);
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
