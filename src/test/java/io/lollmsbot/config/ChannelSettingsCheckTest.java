package io.lollmsbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelSettingsCheckTest {

    private static Optional<String> problem(String key, String value) {
        return SettingsCatalog.find(key).orElseThrow().problemWith(value);
    }

    @Test
    void aSecretIsOneOrTwoLongEnoughValues() {
        String key = "lollmsbot.channels.generic.secret";
        assertEquals(Optional.empty(), problem(key, ""));
        assertEquals(Optional.empty(), problem(key, "0123456789abcdef"));
        assertEquals(Optional.empty(), problem(key, "0123456789abcdef, fedcba9876543210"));
        assertTrue(problem(key, "short").orElseThrow().contains("at least 16"));
        assertTrue(problem(key, "0123456789abcdef,").isPresent());
        assertTrue(problem(key, "0123456789abcdef,0123456789abcdef,0123456789abcdef")
                .isPresent());
        assertTrue(SettingsCatalog.find(key).orElseThrow().secret());
    }

    @Test
    void theOtherGenericSettingsAreChecked() {
        assertTrue(problem("lollmsbot.channels.generic.enabled", "yes").isPresent());
        assertTrue(problem("lollmsbot.channels.generic.auto-provision", "1").isPresent());
        assertTrue(problem("lollmsbot.channels.generic.reply-url", "ftp://receiver")
                .isPresent());
        assertEquals(Optional.empty(), problem("lollmsbot.channels.generic.reply-url", ""));
        assertEquals(
                Optional.empty(), problem("lollmsbot.channels.generic.reply-url", "http://127.0.0.1:8080/replies"));
    }

    @Test
    void telegramAndDiscordValuesAreChecked() {
        assertEquals(Optional.empty(), problem("lollmsbot.channels.telegram.allowed-chats", "42, -100123"));
        assertTrue(problem("lollmsbot.channels.telegram.allowed-chats", "42,general")
                .isPresent());
        assertEquals(Optional.empty(), problem("lollmsbot.channels.discord.public-key", "ab".repeat(32)));
        assertTrue(problem("lollmsbot.channels.discord.public-key", "ab".repeat(31))
                .isPresent());
        assertTrue(problem("lollmsbot.channels.discord.application-id", "app-1").isPresent());
        assertTrue(SettingsCatalog.find("lollmsbot.channels.telegram.bot-token")
                .orElseThrow()
                .secret());
    }
}
