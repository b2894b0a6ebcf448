package io.lollmsbot.identity.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The cluster-wide identity version (table {@code identity_version}, moved forward by triggers on every change to
 * users, their roles and their tokens; see V6). One primary-key read in autocommit on a pooled connection: no JTA
 * transaction, no persistence context.
 */
@ApplicationScoped
public class IdentityVersion {

    private static final String QUERY = "SELECT version FROM identity_version WHERE id = 1";

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    public long current() {
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
