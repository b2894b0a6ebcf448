package io.lollmsbot.channels.control;

import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * The Slack channel's settings as they are now (read per request, so changes apply within the settings reload).
 *
 * @param signingSecrets the app's signing secret, two while it is rotated
 * @param apiBaseUrl the Web API replies go to, {@code https://slack.com/api} unless a test or proxy says otherwise
 */
public record SlackSettings(
        boolean enabled, List<String> signingSecrets, String botToken, String apiBaseUrl, boolean autoProvision) {

    static final String PREFIX = "lollmsbot.channels.slack.";

    public static SlackSettings read(Config config) {
        String secret =
                config.getOptionalValue(PREFIX + "signing-secret", String.class).orElse("");
        return new SlackSettings(
                config.getValue(PREFIX + "enabled", Boolean.class),
                Signatures.secrets(secret),
                config.getOptionalValue(PREFIX + "bot-token", String.class)
                        .orElse("")
                        .strip(),
                config.getValue(PREFIX + "api-base-url", String.class).strip(),
                config.getValue(PREFIX + "auto-provision", Boolean.class));
    }
}
