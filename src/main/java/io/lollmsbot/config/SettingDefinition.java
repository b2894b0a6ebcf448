package io.lollmsbot.config;

import java.util.Optional;

/**
 * One documented setting: its key, what it means, whether its value is secret (never shown or logged), and the rule
 * a value must follow. Its default lives only in microprofile-config.properties; code reads a setting with a default
 * as {@code config.getValue(key, type())}, and only an {@link #optional()} one as an {@code Optional}
 * ({@code SettingsReadTest} checks both).
 *
 * @param rule the value's rule and the input that edits it
 */
public record SettingDefinition(String key, String description, boolean secret, SettingRule rule) {

    /** The Java type the code reads the value as (an integer may also be read as a {@code Long}). */
    public Class<?> type() {
        return switch (rule.input()) {
            case "boolean" -> Boolean.class;
            case "integer" -> Integer.class;
            case "number" -> Double.class;
            default -> String.class;
        };
    }

    /** Whether the setting legitimately has no default: a secret, or a key listed in {@link SettingsCatalog#OPTIONAL}. */
    public boolean optional() {
        return secret || SettingsCatalog.OPTIONAL.contains(key);
    }

    /**
     * Why a value is invalid, or empty when it is valid. A setting with a default cannot be set empty (code reads it
     * with {@code getValue}, for which an empty value is no value): resetting it brings the default back.
     */
    public Optional<String> problemWith(String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.isBlank() && !optional()) {
            return Optional.of("must not be empty (reset the setting to use its default)");
        }
        return rule.problemWith(value.strip());
    }
}
