package io.lollmsbot.config;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The rule a setting's value follows, and the input that edits it: boolean, integer or number (with bounds), choice
 * (one of {@code choices}), list (comma-separated) or text.
 *
 * @param check returns why a value is invalid, or empty when it is valid
 */
public record SettingRule(
        String input, Number min, Number max, List<String> choices, Function<String, Optional<String>> check) {

    static SettingRule of(String input, Function<String, Optional<String>> check) {
        return new SettingRule(input, null, null, List.of(), check);
    }

    Optional<String> problemWith(String value) {
        return check.apply(value);
    }
}
