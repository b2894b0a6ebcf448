package io.lollmsbot.channels.control;

import org.eclipse.microprofile.config.Config;

/**
 * The Discord channel's settings as they are now.
 *
 * @param publicKey the application's Ed25519 public key, 64 hex characters, that interactions are signed with
 * @param applicationId the application whose follow-up webhooks replies are posted to
 */
public record DiscordSettings(
        boolean enabled, String publicKey, String applicationId, String apiBaseUrl, boolean autoProvision) {

    static final String PREFIX = "lollmsbot.channels.discord.";

    public static DiscordSettings read(Config config) {
        return new DiscordSettings(
                config.getValue(PREFIX + "enabled", Boolean.class),
                config.getOptionalValue(PREFIX + "public-key", String.class)
                        .orElse("")
                        .strip(),
                config.getOptionalValue(PREFIX + "application-id", String.class)
                        .orElse("")
                        .strip(),
                config.getValue(PREFIX + "api-base-url", String.class).strip(),
                config.getValue(PREFIX + "auto-provision", Boolean.class));
    }
}
