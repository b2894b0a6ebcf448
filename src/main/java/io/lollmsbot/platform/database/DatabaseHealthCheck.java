package io.lollmsbot.platform.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code database}, the one that decides readiness: a connection answers and the schema is migrated.
 * Anonymous output: only whether the database is embedded or external and, when DOWN, why (no host, port or version;
 * those are in the admin status).
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    @Inject
    DatabaseStatus database;

    @Override
    public HealthCheckResponse call() {
        DatabaseStatus.Snapshot snapshot = database.check();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database")
                .status(snapshot.up())
                .withData("mode", snapshot.embedded() ? "embedded" : "external");
        return snapshot.up()
                ? response.build()
                : response.withData("reason", snapshot.reason()).build();
    }
}
