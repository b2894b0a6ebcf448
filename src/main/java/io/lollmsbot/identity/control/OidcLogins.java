package io.lollmsbot.identity.control;

import com.nimbusds.jwt.JWTClaimsSet;
import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;

/**
 * Login through an OpenID Connect provider (authorization code flow with PKCE, state and nonce): {@link #begin} sends
 * the browser to the provider, {@link #complete} turns the provider's answer into a signed-in local account. Every
 * refusal is a 4xx problem that starts no session; successes and refusals after the token exchange are audited.
 */
@ApplicationScoped
public class OidcLogins {

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String AUDIT_TARGET = "oidc";

    @Inject
    Config config;

    @Inject
    OidcProvider provider;

    @Inject
    PendingOidcLogins pending;

    @Inject
    OidcAccounts accounts;

    @Inject
    AuditLog audit;

    /** {@code state} goes to the browser's cookie as well, binding the answer to the browser that asked. */
    public record Started(String state, URI authorization) {}

    public record SignedIn(String username, String returnTo) {}

    public Optional<OidcSettings> settings() {
        return OidcSettings.of(config);
    }

    public Started begin(String returnTo, String derivedRedirectUri) {
        OidcSettings settings = enabled();
        String state = random(32);
        String nonce = random(32);
        String verifier = random(48);
        URI authorization = provider.authorizationRequest(
                settings, state, nonce, base64(sha256(verifier)), redirectUri(settings, derivedRedirectUri));
        pending.create(AuditChain.sha256(state), new PendingOidcLogins.Pending(nonce, verifier, returnTo));
        return new Started(state, authorization);
    }

    public SignedIn complete(String state, String code, String derivedRedirectUri) {
        OidcSettings settings = enabled();
        PendingOidcLogins.Pending login = pending.consume(AuditChain.sha256(state))
                .orElseThrow(() -> new ProblemException(
                        400, "This sign-in is unknown, already used or older than ten minutes: start it again."));
        String idToken =
                provider.exchange(settings, code, login.codeVerifier(), redirectUri(settings, derivedRedirectUri));
        OidcProvider.Metadata metadata = provider.metadata(settings);
        JWTClaimsSet claims;
        try {
            claims = IdTokens.verify(idToken, metadata.keys(), metadata.issuer(), settings.clientId(), login.nonce());
        } catch (ProblemException refused) {
            audit.record(IdentityAudit.failedOidc(null));
            throw refused;
        }
        String username = IdTokens.text(claims, settings.usernameClaim())
                .orElseThrow(() -> refuse(
                        null,
                        403,
                        "The identity provider sent no '" + settings.usernameClaim()
                                + "' claim to use as the username: ask an administrator."));
        if (!Usernames.isValid(username)) {
            throw refuse(null, 403, "The username the identity provider sent is not one lollmsbot accepts.");
        }
        Set<Role> roles = IdTokens.roles(IdTokens.groups(claims, settings.groupsClaim()), settings);
        OidcAccounts.SignIn signIn = accounts.signIn(metadata.issuer(), claims.getSubject(), username, roles);
        switch (signIn.outcome()) {
            case NO_ROLE ->
                throw refuse(
                        username,
                        403,
                        username + " signed in at " + settings.providerName()
                                + " but is in none of the groups that give "
                                + "access to lollmsbot ("
                                + String.join(", ", settings.userGroup(), settings.adminGroup())
                                + "): ask an administrator.");
            case DISABLED -> throw refuse(username, 403, "The account " + username + " is disabled.");
            case USERNAME_TAKEN ->
                throw refuse(
                        null,
                        409,
                        "The username " + username + " belongs to another lollmsbot account: ask an administrator.");
            case SIGNED_IN -> audit.record(IdentityAudit.login(signIn.user().username(), AUDIT_TARGET));
        }
        return new SignedIn(signIn.user().username(), login.returnTo());
    }

    private OidcSettings enabled() {
        return settings()
                .orElseThrow(() -> new ProblemException(404, "Sign-in through an identity provider is not enabled."));
    }

    private ProblemException refuse(String username, int status, String detail) {
        audit.record(IdentityAudit.failedOidc(username));
        return new ProblemException(status, detail);
    }

    private static String redirectUri(OidcSettings settings, String derived) {
        return settings.redirectUri().isEmpty() ? derived : settings.redirectUri();
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return base64(value);
    }

    private static String base64(byte[] value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
