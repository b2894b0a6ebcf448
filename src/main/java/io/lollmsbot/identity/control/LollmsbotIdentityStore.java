package io.lollmsbot.identity.control;

import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Optional;

/** Validates passwords and API tokens against the users in PostgreSQL; groups are the lollmsbot roles. */
@ApplicationScoped
public class LollmsbotIdentityStore implements IdentityStore {

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        Optional<User> user;
        if (credential instanceof UsernamePasswordCredential password) {
            user = users.authenticate(password.getCaller(), password.getPasswordAsString());
        } else if (credential instanceof BearerTokenCredential bearer) {
            user = tokens.authenticate(bearer.token());
        } else {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return user.map(u -> new CredentialValidationResult(u.username(), Role.effective(u.roles())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
