package io.lollmsbot.config.control;

import java.util.Locale;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Where the effective value of a setting comes from, decided by the ordinal MicroProfile Config reports: anything above
 * the database (environment variables 300, system properties 400, Liberty server configuration above that) pins the
 * key, so an admin cannot change it at runtime.
 */
public enum SettingSource {
    DEFAULT,
    DATABASE,
    ENVIRONMENT,
    SYSTEM;

    private static final int SYSTEM_PROPERTIES = 400;

    public static SettingSource of(ConfigValue value) {
        if (value == null || value.getRawValue() == null) {
            return DEFAULT;
        }
        return of(value.getSourceName(), value.getSourceOrdinal());
    }

    static SettingSource of(String sourceName, int ordinal) {
        if (DatabaseConfigSource.NAME.equals(sourceName)) {
            return DATABASE;
        }
        if (ordinal >= SYSTEM_PROPERTIES) {
            return SYSTEM;
        }
        return ordinal > DatabaseConfigSource.ORDINAL ? ENVIRONMENT : DEFAULT;
    }

    public boolean locked() {
        return this == ENVIRONMENT || this == SYSTEM;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
