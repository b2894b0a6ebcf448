package io.lollmsbot.platform.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatabaseModeTest {

    private static DatabaseMode mode(Map<String, String> values) {
        return DatabaseMode.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void embeddedWhenNoUrlIsConfigured() {
        DatabaseMode mode = mode(Map.of("lollmsbot.data.dir", "/srv/lollmsbot"));
        assertTrue(mode.embedded());
        assertEquals(55432, mode.port());
        assertEquals(Path.of("/srv/lollmsbot/postgres"), mode.dataDirectory());
    }

    @Test
    void embeddedWhenTheUrlIsTheEmbeddedDefault() {
        assertTrue(mode(Map.of(
                        "lollmsbot.db.embedded.port",
                        "55999",
                        "lollmsbot.db.url",
                        "jdbc:postgresql://127.0.0.1:55999/postgres"))
                .embedded());
    }

    @Test
    void externalForAnyOtherUrl() {
        DatabaseMode mode = mode(Map.of("lollmsbot.db.url", "jdbc:postgresql://db.internal:5432/lollmsbot"));
        assertFalse(mode.embedded());
        assertEquals("external PostgreSQL", mode.describe());
    }
}
