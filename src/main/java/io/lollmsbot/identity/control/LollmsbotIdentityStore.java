package io.lollmsbot.identity.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Validates passwords and API tokens against the users in PostgreSQL; groups are the lollmsbot roles. A token
 * verified recently is taken from the {@link TokenCache} while the cluster-wide {@link IdentityVersion} is unchanged:
 * one primary-key read instead of the token and user queries.
 */
@ApplicationScoped
public class LollmsbotIdentityStore implements IdentityStore {

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Inject
    TokenCache tokenCache;

    @Inject
    IdentityVersion identityVersion;

    @Inject
    AuditLog audit;

    @Inject
    DirectoryRefresh directoryRefresh;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (credential instanceof UsernamePasswordCredential password) {
            Optional<User> user = users.authenticate(password.getCaller(), password.getPasswordAsString());
            return user.map(u -> valid(u.id(), u.username(), Role.effective(u.roles())))
                    .orElse(CredentialValidationResult.INVALID_RESULT);
        }
        if (credential instanceof BearerTokenCredential bearer) {
            String tokenHash = TokenService.hash(bearer.token());
            Optional<VerifiedToken> token = verify(tokenHash);
            if (token.filter(VerifiedToken::directory).isPresent()
                    && directoryRefresh.refreshIfDue(token.get().username())) {
                token = verify(tokenHash);
            }
            return token.map(t -> valid(t.userId(), t.username(), t.groups()))
                    .orElse(CredentialValidationResult.INVALID_RESULT);
        }
        return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    private Optional<VerifiedToken> verify(String tokenHash) {
        long version = identityVersion.current();
        Optional<VerifiedToken> cached = tokenCache.find(tokenHash, version);
        if (cached.isEmpty()) {
            // a fresh verification is audited as a login; the cached ones of the next minute are not
            Optional<VerifiedToken> verified = tokens.verify(tokenHash);
            verified.ifPresent(token -> {
                tokenCache.remember(tokenHash, version, token);
                audit.record(IdentityAudit.login(token.username(), "token/" + token.tokenId()));
            });
            return verified;
        }
        Instant now = Instant.now();
        if (TokenService.isStale(cached.get().lastUsedAt(), now)) {
            tokens.markUsed(cached.get().tokenId(), now);
            tokenCache.remember(tokenHash, version, cached.get().usedAt(now));
        }
        return cached;
    }

    private static CredentialValidationResult valid(long userId, String username, Set<String> groups) {
        return new CredentialValidationResult(
                null, new CallerPrincipal(username), null, CallerIds.uniqueId(userId), groups);
    }
}
