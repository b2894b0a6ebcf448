package io.lollmsbot.audit.control;

import io.lollmsbot.common.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/** Loads the audit key once per node (see {@link AuditKey} for where it comes from). */
@ApplicationScoped
public class AuditKeyProducer {

    @Produces
    @Singleton
    AuditKey auditKey() {
        Path dataDirectory = DataDirectory.of(ConfigProvider.getConfig());
        return AuditKey.load(
                name -> Optional.ofNullable(System.getenv(name))
                        .or(() -> Optional.ofNullable(System.getProperty(name))),
                dataDirectory);
    }
}
