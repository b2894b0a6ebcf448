package io.lollmsbot.identity.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * What an OpenID Connect ID token must be before anyone is signed in with it: signed with an asymmetric key the
 * provider publishes (never {@code none}, never a MAC), issued by the configured provider to this client, not expired
 * (60 s of clock skew), and carrying the nonce of the login that asked for it. The token itself is never logged.
 */
final class IdTokens {

    private static final Logger LOG = Logger.getLogger(IdTokens.class.getName());

    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private IdTokens() {}

    /** The token's claims once every check passed; otherwise a 401 problem saying which kind of check failed. */
    static JWTClaimsSet verify(
            String idToken, JWKSource<SecurityContext> keys, String issuer, String clientId, String nonce) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                Set.of(clientId),
                new JWTClaimsSet.Builder().issuer(issuer).claim("nonce", nonce).build(),
                Set.of("sub", "iat", "exp"),
                null));
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (BadJWSException e) {
            throw refused("its signature does not verify with the provider's published keys", e);
        } catch (BadJOSEException e) {
            throw refused("its issuer, audience, expiry or nonce is not the expected one", e);
        } catch (ParseException | JOSEException e) {
            throw refused("it is not a signed JWT", e);
        }
        // several audiences: the token must have been issued to this client (OpenID Connect Core 3.1.3.7)
        if (claims.getAudience().size() > 1 && !clientId.equals(claims.getClaim("azp"))) {
            throw refused("it was issued to another client (azp)", null);
        }
        return claims;
    }

    /** A string claim, empty when missing or not a string. */
    static Optional<String> text(JWTClaimsSet claims, String name) {
        return claims.getClaim(name) instanceof String value && !value.isBlank()
                ? Optional.of(value)
                : Optional.empty();
    }

    /**
     * The group names in the claim at {@code path}: a dotted path reaches into objects (Keycloak's
     * {@code realm_access.roles}); the value may be an array of strings or one string.
     */
    static Set<String> groups(JWTClaimsSet claims, String path) {
        Object value = claims.getClaims();
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> object ? object.get(part) : null;
        }
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof String single) {
            groups.add(single);
        } else if (value instanceof List<?> list) {
            list.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .forEach(groups::add);
        }
        return groups;
    }

    /** The roles the configured group names grant; none when the user is in neither group. */
    static Set<Role> roles(Set<String> groups, OidcSettings settings) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (!settings.adminGroup().isEmpty() && groups.contains(settings.adminGroup())) {
            roles.add(Role.ADMIN);
        }
        if (!settings.userGroup().isEmpty() && groups.contains(settings.userGroup())) {
            roles.add(Role.USER);
        }
        return roles;
    }

    private static ProblemException refused(String why, Exception cause) {
        LOG.warning("OpenID Connect ID token refused: " + why + (cause == null ? "" : " (" + cause.getMessage() + ")"));
        return new ProblemException(401, "The identity provider's ID token was refused: " + why + ".");
    }
}
