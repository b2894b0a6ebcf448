package io.lollmsbot.sandbox.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/** Per-user workspaces under {@code lollmsbot.data.dir}/workspaces, named by user id (never by anything typed). */
@ApplicationScoped
public class Workspaces {

    @Inject
    Config config;

    public Path of(long userId) {
        return root().resolve(Long.toString(userId));
    }

    /** Where the startup probe runs; not a user id, so never anyone's workspace. */
    Path probe() {
        return root().resolve("probe");
    }

    private Path root() {
        return Path.of(config.getOptionalValue("lollmsbot.data.dir", String.class)
                        .orElse("./data"))
                .toAbsolutePath()
                .normalize()
                .resolve("workspaces");
    }
}
