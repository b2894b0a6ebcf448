package io.lollmsbot.platform.database;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Which PostgreSQL lollmsbot uses. The server.xml dataSource points at {@code lollmsbot.db.url}, whose default is the
 * embedded server's address; any other URL (LOLLMSBOT_DB_URL) is an external database.
 */
public record DatabaseMode(boolean embedded, int port, Path dataDirectory) {

    static final String URL_KEY = "lollmsbot.db.url";
    static final String PORT_KEY = "lollmsbot.db.embedded.port";
    static final String DATA_DIR_KEY = "lollmsbot.data.dir";
    static final int DEFAULT_PORT = 55432;

    public static DatabaseMode from(Config config) {
        return from(key -> config.getOptionalValue(key, String.class));
    }

    static DatabaseMode from(Function<String, Optional<String>> settings) {
        int port = settings.apply(PORT_KEY).map(Integer::parseInt).orElse(DEFAULT_PORT);
        Path dataDir = Path.of(settings.apply(DATA_DIR_KEY).orElse("./data"))
                .toAbsolutePath()
                .normalize()
                .resolve("postgres");
        String url = settings.apply(URL_KEY).filter(value -> !value.isBlank()).orElse(null);
        return new DatabaseMode(url == null || url.equals(embeddedUrl(port)), port, dataDir);
    }

    static String embeddedUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String describe() {
        return embedded ? "embedded PostgreSQL on port " + port : "external PostgreSQL";
    }
}
