package io.lollmsbot.platform.database;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Startup check {@code migrations}: the schema is at the version the code expects. */
@Startup
@ApplicationScoped
public class MigrationsStartedCheck implements HealthCheck {

    @Inject
    DatabaseMigrator migrator;

    @Override
    public HealthCheckResponse call() {
        String version = migrator.schemaVersion();
        return HealthCheckResponse.named("migrations")
                .status(version != null)
                .withData("schemaVersion", String.valueOf(version))
                .build();
    }
}
