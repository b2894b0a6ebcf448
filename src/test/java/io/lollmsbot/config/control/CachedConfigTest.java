package io.lollmsbot.config.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CachedConfigTest {

    private final Map<String, String> settings = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();
    private final AtomicLong generation = new AtomicLong();
    private final CachedConfig cached = new CachedConfig(generation::get);

    @BeforeEach
    void wrapAConfigThatRecordsItsLookups() {
        cached.config = (Config) Proxy.newProxyInstance(
                Config.class.getClassLoader(), new Class<?>[] {Config.class}, (self, method, args) -> {
                    String name = (String) args[0];
                    Class<?> type = (Class<?>) args[1];
                    lookups.add(name + ":" + type.getSimpleName());
                    return Optional.ofNullable(settings.get(name)).map(value -> convert(value, type));
                });
    }

    private static Object convert(String value, Class<?> type) {
        return type == Integer.class ? Integer.valueOf(value) : value;
    }

    @Test
    void aValueIsLookedUpOncePerNameAndTypeWhileTheSettingsStayTheSame() {
        settings.put("lollmsbot.chat.max-message-chars", "4000");

        assertEquals(4000, cached.getValue("lollmsbot.chat.max-message-chars", Integer.class));
        assertEquals(4000, cached.getValue("lollmsbot.chat.max-message-chars", Integer.class));
        assertEquals("4000", cached.getValue("lollmsbot.chat.max-message-chars", String.class));

        assertEquals(
                List.of("lollmsbot.chat.max-message-chars:Integer", "lollmsbot.chat.max-message-chars:String"),
                lookups);
    }

    @Test
    void aChangeOfTheSettingsIsReadOnTheNextLookup() {
        settings.put("lollmsbot.chat.max-message-chars", "4000");
        assertEquals(4000, cached.getValue("lollmsbot.chat.max-message-chars", Integer.class));

        settings.put("lollmsbot.chat.max-message-chars", "100");
        assertEquals(4000, cached.getValue("lollmsbot.chat.max-message-chars", Integer.class), "not reloaded yet");
        generation.incrementAndGet();

        assertEquals(100, cached.getValue("lollmsbot.chat.max-message-chars", Integer.class));
    }

    @Test
    void aMissingValueIsEmptyOrRefusedAsBefore() {
        assertTrue(cached.getOptionalValue("lollmsbot.llm.model", String.class).isEmpty());
        NoSuchElementException missing =
                assertThrows(NoSuchElementException.class, () -> cached.getValue("lollmsbot.llm.model", String.class));
        assertTrue(missing.getMessage().contains("lollmsbot.llm.model"), missing.getMessage());

        settings.put("lollmsbot.llm.model", "small");
        generation.incrementAndGet();
        assertEquals(Optional.of("small"), cached.getOptionalValue("lollmsbot.llm.model", String.class));
    }
}
