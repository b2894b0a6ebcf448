package io.lollmsbot.channels.control;

import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The generic channel's settings as they are now (read per request: an admin's change applies on every node within
 * the settings reload). Values were checked by the catalogue when set.
 *
 * @param secrets the valid secrets, the first signing replies; two while one is rotated
 */
public record GenericSettings(boolean enabled, List<String> secrets, Optional<String> replyUrl, boolean autoProvision) {

    static final String PREFIX = "lollmsbot.channels.generic.";

    public static GenericSettings read(Config config) {
        String secret = config.getOptionalValue(PREFIX + "secret", String.class).orElse("");
        return new GenericSettings(
                config.getValue(PREFIX + "enabled", Boolean.class),
                Signatures.secrets(secret),
                config.getOptionalValue(PREFIX + "reply-url", String.class)
                        .map(String::strip)
                        .filter(url -> !url.isEmpty()),
                config.getValue(PREFIX + "auto-provision", Boolean.class));
    }
}
