package io.lollmsbot.identity.control;

import io.lollmsbot.common.RequestIds;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The cluster-wide identity version (table {@code identity_version}, moved forward by triggers on every change to
 * users, their roles and their tokens, and to the Guardian's quarantine; see V6 and V25). One primary-key read in autocommit on a pooled connection: no JTA
 * transaction, no persistence context.
 */
@ApplicationScoped
public class IdentityVersion {

    private static final String QUERY = "SELECT version FROM identity_version WHERE id = 1";
    private static final String REMEMBERED = IdentityVersion.class.getName();

    /**
     * Unshareable: read while a request is authenticated, outside any EJB method, so a shareable connection stayed
     * with the request's unit of work until the request ended, also while a chat request waited for its turn. With as
     * many chats in flight as the pool has connections, the lane workers then found no connection for the turns those
     * requests waited for: the turns stalled until the pool's 10 s timeout (503s, seen in the benchmark at 32
     * connections, docs/performance.md). Unshareable, it goes back to the pool when it is closed.
     */
    @Resource(lookup = "jdbc/lollmsbot", shareable = false)
    DataSource dataSource;

    /** Read now; the value is also kept for the rest of the request ({@link #ofThisRequest}). */
    public long current() {
        long version = read();
        RequestIds.remember(REMEMBERED, version);
        return version;
    }

    /**
     * The version this request already read (while authenticating it), or a fresh read. Data cached under the
     * identity version and loaded after a read of it may be used while this value is the one it was loaded under:
     * whatever committed before the request's read is in it.
     */
    public long ofThisRequest() {
        return RequestIds.remembered(REMEMBERED, Long.class).orElseGet(this::current);
    }

    private long read() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(QUERY);
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("identity_version has no row: the V6 migration did not run");
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the identity version", e);
        }
    }
}
