package io.lollmsbot.common;

import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;

/**
 * Where the node keeps its files ({@code lollmsbot.data.dir}). The setting has no default in
 * microprofile-config.properties on purpose: that would outrank the Liberty variable that puts the data of
 * {@code liberty:run} beside the project; {@code ./data} (the server's directory) is the last resort.
 */
public final class DataDirectory {

    private DataDirectory() {}

    public static Path of(Config config) {
        return Path.of(config.getOptionalValue("lollmsbot.data.dir", String.class)
                        .orElse("./data"))
                .toAbsolutePath()
                .normalize();
    }
}
