package io.lollmsbot.channels.control;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The Telegram channel's settings as they are now.
 *
 * @param secretTokens the webhook's secret token (two while it is rotated), sent by Telegram in every request
 * @param allowedChats the chat ids updates are acted on from; empty: any chat (users still need a mapping)
 */
public record TelegramSettings(
        boolean enabled,
        List<String> secretTokens,
        String botToken,
        String apiBaseUrl,
        Set<Long> allowedChats,
        boolean autoProvision) {

    static final String PREFIX = "lollmsbot.channels.telegram.";

    public static TelegramSettings read(Config config) {
        return new TelegramSettings(
                config.getValue(PREFIX + "enabled", Boolean.class),
                Signatures.secrets(config.getOptionalValue(PREFIX + "secret-token", String.class)
                        .orElse("")),
                config.getOptionalValue(PREFIX + "bot-token", String.class)
                        .orElse("")
                        .strip(),
                config.getValue(PREFIX + "api-base-url", String.class).strip(),
                Arrays.stream(config.getOptionalValue(PREFIX + "allowed-chats", String.class)
                                .orElse("")
                                .split(","))
                        .map(String::strip)
                        .filter(chat -> !chat.isEmpty())
                        .map(Long::valueOf)
                        .collect(Collectors.toUnmodifiableSet()),
                config.getValue(PREFIX + "auto-provision", Boolean.class));
    }

    boolean allows(long chat) {
        return allowedChats.isEmpty() || allowedChats.contains(chat);
    }
}
