package io.lollmsbot.config.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SettingSourceTest {

    @Test
    void theOrdinalDecidesWhereAValueComesFromAndWhetherItIsPinned() {
        assertEquals(SettingSource.SYSTEM, SettingSource.of("SysPropConfigSource", 400));
        assertEquals(SettingSource.SYSTEM, SettingSource.of("server.xml variables", 500));
        assertEquals(SettingSource.ENVIRONMENT, SettingSource.of("EnvConfigSource", 300));
        assertEquals(SettingSource.DATABASE, SettingSource.of(DatabaseConfigSource.NAME, 250));
        assertEquals(
                SettingSource.DEFAULT, SettingSource.of("PropertiesConfigSource[microprofile-config.properties]", 100));
        assertEquals(SettingSource.DEFAULT, SettingSource.of("server.xml.default.variables.config.source", 1));
        assertEquals(SettingSource.DEFAULT, SettingSource.of(null));

        assertTrue(SettingSource.SYSTEM.locked());
        assertTrue(SettingSource.ENVIRONMENT.locked());
        assertFalse(SettingSource.DATABASE.locked());
        assertFalse(SettingSource.DEFAULT.locked());
        assertEquals("environment", SettingSource.ENVIRONMENT.key());
    }

    @Test
    void theDatabaseSourceSitsBetweenThePropertiesFileAndTheEnvironment() {
        DatabaseConfigSource source = new DatabaseConfigSource();
        assertEquals(250, source.getOrdinal());
        assertEquals(null, source.getValue("mp.metrics.tags"), "framework keys never reach the database");
    }

    @Test
    void whatLocatesTheDatabaseNeverComesFromIt() {
        assertTrue(DatabaseConfigSource.serves("lollmsbot.cors.origins"));
        assertTrue(DatabaseConfigSource.serves("lollmsbot.http.max-body-bytes"));
        assertFalse(DatabaseConfigSource.serves("lollmsbot.db.url"));
        assertFalse(DatabaseConfigSource.serves("lollmsbot.db.embedded.port"));
        assertFalse(DatabaseConfigSource.serves("lollmsbot.data.dir"));
        assertFalse(DatabaseConfigSource.serves("lollmsbot.http.port"));
        assertFalse(DatabaseConfigSource.serves("mp.metrics.tags"));
    }
}
