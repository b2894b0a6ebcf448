package io.lollmsbot.config.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * The application's Config for code that reads settings on every request or turn: each value is kept, converted,
 * until a reload finds the settings changed on any node ({@link DatabaseConfigSource#generation()}), so a change
 * applies as soon as it would have before. A Config lookup walks every config source and converts the text each time
 * (2.7 % of the server's CPU in a chat turn, issue 11, docs/performance.md). The other sources (environment, system
 * properties, microprofile-config.properties) are fixed for the life of the server.
 * Injected with its qualifier, {@code @Inject @Cached Config config}; a plain {@code Config} stays the runtime's.
 */
@ApplicationScoped
@Cached
public class CachedConfig implements Config {

    private record Key(String name, Class<?> type) {}

    /** A value and the settings generation it was read in. */
    private record Entry(long generation, Optional<?> value) {}

    private final Map<Key, Entry> values = new ConcurrentHashMap<>();
    private final LongSupplier generation;

    @Inject
    Config config;

    public CachedConfig() {
        this(DatabaseConfigSource::generation);
    }

    CachedConfig(LongSupplier generation) {
        this.generation = generation;
    }

    @Override
    public <T> T getValue(String propertyName, Class<T> propertyType) {
        return getOptionalValue(propertyName, propertyType)
                .orElseThrow(() -> new NoSuchElementException("The setting " + propertyName + " has no value"));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Optional<T> getOptionalValue(String propertyName, Class<T> propertyType) {
        // read before the value: a reload publishes the new settings before it moves the generation
        long current = generation.getAsLong();
        Key key = new Key(propertyName, propertyType);
        Entry entry = values.get(key);
        if (entry == null || entry.generation() != current) {
            entry = new Entry(current, config.getOptionalValue(propertyName, propertyType));
            values.put(key, entry);
        }
        return (Optional<T>) entry.value();
    }

    @Override
    public ConfigValue getConfigValue(String propertyName) {
        return config.getConfigValue(propertyName);
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return config.getPropertyNames();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return config.getConfigSources();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return config.getConverter(forType);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return config.unwrap(type);
    }
}
