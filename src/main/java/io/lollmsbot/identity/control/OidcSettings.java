package io.lollmsbot.identity.control;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * The {@code lollmsbot.oidc.*} settings, read at every login so an admin can switch OpenID Connect on, off or to
 * another provider at runtime. OIDC is on when both the issuer and the client id are set.
 *
 * @param issuer       the provider's issuer identifier (a discovery URL is accepted too)
 * @param clientSecret empty for a public client (PKCE alone)
 * @param redirectUri  empty: derived from the request that starts the login
 */
public record OidcSettings(
        String issuer,
        String providerName,
        String clientId,
        String clientSecret,
        Set<String> scopes,
        String usernameClaim,
        String groupsClaim,
        String adminGroup,
        String userGroup,
        String redirectUri) {

    static final String PREFIX = "lollmsbot.oidc.";
    private static final String DISCOVERY = "/.well-known/openid-configuration";

    public static Optional<OidcSettings> of(Config config) {
        String issuer = optional(config, "lollmsbot.oidc.issuer");
        String clientId = optional(config, "lollmsbot.oidc.client-id");
        if (issuer.isEmpty() || clientId.isEmpty()) {
            return Optional.empty();
        }
        if (issuer.endsWith(DISCOVERY)) {
            issuer = issuer.substring(0, issuer.length() - DISCOVERY.length());
        }
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        Arrays.stream(config.getValue("lollmsbot.oidc.scopes", String.class).split("[\\s,]+"))
                .filter(scope -> !scope.isEmpty())
                .forEach(scopes::add);
        String name = optional(config, "lollmsbot.oidc.provider-name");
        return Optional.of(new OidcSettings(
                issuer,
                name.isEmpty() ? "single sign-on" : name,
                clientId,
                optional(config, "lollmsbot.oidc.client-secret"),
                scopes,
                config.getValue("lollmsbot.oidc.username-claim", String.class).strip(),
                config.getValue("lollmsbot.oidc.groups-claim", String.class).strip(),
                config.getValue("lollmsbot.oidc.admin-group", String.class).strip(),
                config.getValue("lollmsbot.oidc.user-group", String.class).strip(),
                optional(config, "lollmsbot.oidc.redirect-uri")));
    }

    /** Where the provider describes itself (OpenID Connect Discovery 1.0). */
    String discoveryUrl() {
        return (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer) + DISCOVERY;
    }

    /** An optional setting, empty when unset. */
    private static String optional(Config config, String key) {
        Optional<String> value = config.getOptionalValue(key, String.class);
        return value.isPresent() ? value.get().strip() : "";
    }
}
