package io.lollmsbot.platform.database;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Readiness check {@code database}: a connection answers, and says which PostgreSQL it is. */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    @Override
    public HealthCheckResponse call() {
        DatabaseMode mode = EmbeddedDatabase.INSTANCE.mode();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .withData("mode", mode == null ? "unknown" : mode.describe());
        try (Connection connection = dataSource.getConnection()) {
            return response.status(connection.isValid(2)).build();
        } catch (SQLException e) {
            return response.down().withData("reason", "no connection: " + e.getSQLState()).build();
        }
    }
}
