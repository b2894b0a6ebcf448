package io.lollmsbot.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Refuses to start with an invalid setting, naming it in one log line. */
@Startup
@Singleton
public class StartupSettingsCheck {

    private static final Logger LOG = Logger.getLogger(StartupSettingsCheck.class.getName());

    @PostConstruct
    void check() {
        Config config = ConfigProvider.getConfig();
        List<String> problems = problems(key -> config.getOptionalValue(key, String.class));
        if (!problems.isEmpty()) {
            String line = "lollmsbot cannot start: " + String.join("; ", problems);
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
    }

    /** One line per invalid setting, naming it (and showing the value unless it is secret). */
    static List<String> problems(Function<String, Optional<String>> settings) {
        return Stream.concat(
                        SettingsCatalog.ALL.stream().flatMap(definition -> {
                            String value = settings.apply(definition.key()).orElse(null);
                            Optional<String> problem = definition.problemWith(value);
                            return problem
                                    .map(why -> "invalid setting " + definition.key()
                                            + (definition.secret() ? "" : "='" + value + "'") + ": " + why)
                                    .stream();
                        }),
                        plaintextLdap(settings).stream())
                .toList();
    }

    /** Directory logins send passwords: plain ldap:// only when an admin says so explicitly. */
    static Optional<String> plaintextLdap(Function<String, Optional<String>> settings) {
        boolean plain = settings.apply("lollmsbot.ldap.url").orElse("").startsWith("ldap://");
        boolean startTls =
                settings.apply("lollmsbot.ldap.start-tls").orElse("false").equalsIgnoreCase("true");
        boolean allowed =
                settings.apply("lollmsbot.ldap.allow-plaintext").orElse("false").equalsIgnoreCase("true");
        return plain && !startTls && !allowed
                ? Optional.of(
                        "lollmsbot.ldap.url is a plain ldap:// URL: use ldaps://, set lollmsbot.ldap.start-tls=true,"
                                + " or allow it with lollmsbot.ldap.allow-plaintext=true")
                : Optional.empty();
    }
}
