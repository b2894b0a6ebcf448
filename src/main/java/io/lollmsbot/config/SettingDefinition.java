package io.lollmsbot.config;

import java.util.Optional;
import java.util.function.Function;

/**
 * One documented setting: its key, what it means, whether its value is secret (never shown or logged), and the rule
 * a value must follow.
 *
 * @param check returns why a value is invalid, or empty when it is valid
 */
public record SettingDefinition(
        String key, String description, boolean secret, Function<String, Optional<String>> check) {

    public Optional<String> problemWith(String value) {
        return value == null ? Optional.empty() : check.apply(value.strip());
    }
}
