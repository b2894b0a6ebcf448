package io.lollmsbot.platform.database;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Starts the embedded PostgreSQL before any bean (EJB timers included) can open a connection, and stops it when the
 * application stops, also after a failed start.
 */
public class EmbeddedDatabaseExtension implements Extension {

    void start(@Observes BeforeBeanDiscovery event) {
        EmbeddedDatabase.INSTANCE.start(ConfigProvider.getConfig(getClass().getClassLoader()));
    }

    void stop(@Observes BeforeShutdown event) {
        EmbeddedDatabase.INSTANCE.stop();
    }
}
