package io.lollmsbot.config;

import java.util.Optional;

/**
 * One documented setting: its key, what it means, whether its value is secret (never shown or logged), and the rule
 * a value must follow.
 *
 * @param rule the value's rule and the input that edits it
 */
public record SettingDefinition(String key, String description, boolean secret, SettingRule rule) {

    public Optional<String> problemWith(String value) {
        return value == null ? Optional.empty() : rule.problemWith(value.strip());
    }
}
