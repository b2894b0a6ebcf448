package io.lollmsbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The value rules settings are checked against, at startup and when an admin changes one. */
final class SettingChecks {

    private static final Pattern PROGRAM = Pattern.compile("[A-Za-z0-9._+-]+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]+(:\\d{1,5})?");

    private SettingChecks() {}

    static SettingRule any() {
        return SettingRule.of("text", value -> Optional.empty());
    }

    static SettingRule bool() {
        return SettingRule.of(
                "boolean",
                value -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                        ? Optional.empty()
                        : Optional.of("must be true or false"));
    }

    static SettingRule integer(int min, int max) {
        return new SettingRule("integer", min, max, List.of(), value -> {
            try {
                int number = Integer.parseInt(value);
                return number >= min && number <= max
                        ? Optional.empty()
                        : Optional.of("must be a whole number from " + min + " to " + max);
            } catch (NumberFormatException e) {
                return Optional.of("must be a whole number from " + min + " to " + max);
            }
        });
    }

    static SettingRule fraction() {
        return new SettingRule("number", 0, 1, List.of(), value -> {
            try {
                double number = Double.parseDouble(value);
                return number >= 0 && number <= 1 ? Optional.empty() : Optional.of("must be a number from 0 to 1");
            } catch (NumberFormatException e) {
                return Optional.of("must be a number from 0 to 1");
            }
        });
    }

    /** Empty, or comma-separated model=tokens pairs with 256 to 10,000,000 tokens each. */
    static SettingRule modelBudgets() {
        SettingRule tokens = integer(256, 10_000_000);
        return SettingRule.of("list", value -> {
            for (String pair : value.isBlank() ? new String[0] : value.split(",")) {
                int equals = pair.lastIndexOf('=');
                if (equals <= 0
                        || pair.substring(0, equals).isBlank()
                        || tokens.problemWith(pair.substring(equals + 1).strip())
                                .isPresent()) {
                    return Optional.of("must be model=tokens pairs, comma-separated, with 256 to 10000000 tokens each");
                }
            }
            return Optional.empty();
        });
    }

    static SettingRule oneOf(String... allowed) {
        Set<String> values = Set.of(allowed);
        return new SettingRule(
                "choice",
                null,
                null,
                List.of(allowed),
                value -> values.contains(value)
                        ? Optional.empty()
                        : Optional.of("must be one of " + String.join(", ", allowed)));
    }

    /** Empty means unset; otherwise an absolute http(s) URL. */
    static SettingRule httpUrl() {
        return SettingRule.of(
                "text",
                value -> value.isEmpty() || isHttpUrl(value, true)
                        ? Optional.empty()
                        : Optional.of("must be an absolute http or https URL"));
    }

    /** Empty means off; otherwise ldap://host[:port] or ldaps://host[:port]. */
    static SettingRule ldapUrl() {
        return SettingRule.of("text", value -> {
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(value);
                boolean ldap = "ldap".equals(uri.getScheme()) || "ldaps".equals(uri.getScheme());
                return ldap && uri.getHost() != null
                        ? Optional.empty()
                        : Optional.of("must be ldap://host[:port] or ldaps://host[:port]");
            } catch (URISyntaxException e) {
                return Optional.of("must be ldap://host[:port] or ldaps://host[:port]");
            }
        });
    }

    /**
     * Empty means off; otherwise an https URL (the provider's tokens and keys must not cross the network in clear),
     * or http to this machine only.
     */
    static SettingRule oidcIssuer() {
        return SettingRule.of("text", value -> {
            if (value.isEmpty()) {
                return Optional.empty();
            }
            boolean usable = isHttpUrl(value, true)
                    && (value.startsWith("https://")
                            || Set.of("localhost", "127.0.0.1", "[::1]")
                                    .contains(URI.create(value).getHost()));
            return usable
                    ? Optional.empty()
                    : Optional.of("must be an https URL (http only to localhost, 127.0.0.1 or [::1])");
        });
    }

    /** Must contain the {0} placeholder for the username. */
    static SettingRule dnPattern() {
        return SettingRule.of(
                "text",
                value -> value.contains("{0}") && value.contains("=")
                        ? Optional.empty()
                        : Optional.of(
                                "must be a DN containing {0} for the username, e.g. uid={0},ou=people,dc=example,dc=com"));
    }

    /** Comma-separated exact origins such as https://chat.example.com; no wildcard, no path. */
    static SettingRule origins() {
        return SettingRule.of(
                "list",
                value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(origin -> !origin.isEmpty() && !isHttpUrl(origin, false))
                        .findFirst()
                        .map(bad -> "'" + bad
                                + "' is not an origin: use scheme://host[:port], comma-separated, no wildcard"));
    }

    /** Comma-separated host or host:port entries. */
    static SettingRule hosts() {
        return SettingRule.of(
                "list",
                value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(host -> !host.isEmpty() && !HOST.matcher(host).matches())
                        .findFirst()
                        .map(bad -> "'" + bad + "' is not a host or host:port"));
    }

    /**
     * Empty means unset; otherwise one signing secret, or two comma-separated while a secret is rotated (the first
     * signs, both verify), each at least 16 characters.
     */
    static SettingRule signingSecrets() {
        return SettingRule.of("text", value -> {
            String[] secrets = value.split(",", -1);
            boolean valid = value.isEmpty()
                    || (secrets.length <= 2
                            && Arrays.stream(secrets)
                                    .allMatch(secret -> secret.strip().length() >= 16));
            return valid
                    ? Optional.empty()
                    : Optional.of(
                            "must be one secret of at least 16 characters, or two comma-separated while rotating");
        });
    }

    /** Empty, or comma-separated whole numbers such as Telegram chat ids (negative for groups). */
    static SettingRule chatIds() {
        return SettingRule.of(
                "list",
                value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(id -> !id.isEmpty() && !id.matches("-?[0-9]{1,19}"))
                        .findFirst()
                        .map(bad -> "'" + bad + "' is not a chat id: use whole numbers, comma-separated"));
    }

    /** Empty, or a raw Ed25519 public key: 64 hex characters. */
    static SettingRule ed25519Key() {
        return SettingRule.of(
                "text",
                value -> value.isEmpty() || value.matches("[0-9a-fA-F]{64}")
                        ? Optional.empty()
                        : Optional.of("must be 64 hex characters (the application's Ed25519 public key)"));
    }

    /** Empty, or a Discord id (digits). */
    static SettingRule snowflake() {
        return SettingRule.of(
                "text",
                value -> value.isEmpty() || value.matches("[0-9]{1,32}")
                        ? Optional.empty()
                        : Optional.of("must be digits (the application id)"));
    }

    /** Comma-separated bare program names (no path, no spaces), looked up in /usr/bin and /bin of the sandbox. */
    static SettingRule programNames() {
        return SettingRule.of(
                "list",
                value -> Arrays.stream(value.split(","))
                        .map(String::strip)
                        .filter(program ->
                                !program.isEmpty() && !PROGRAM.matcher(program).matches())
                        .findFirst()
                        .map(bad -> "'" + bad
                                + "' is not a program name: use bare names such as ls,cat,grep, comma-separated"));
    }

    private static boolean isHttpUrl(String value, boolean pathAllowed) {
        try {
            URI uri = new URI(value);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
            return http
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && (pathAllowed || bare);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
