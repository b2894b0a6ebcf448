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

/**
 * Passwords of directory users, when {@code lollmsbot.ldap.url} is set. Consulted after the local store (a higher
 * priority value), so local accounts answer first; a directory user is signed in to a local account without a
 * password (see {@link DirectoryUsers}), which then works like any other for tokens, sessions and ownership.
 */
@ApplicationScoped
public class LdapIdentityStore implements IdentityStore {

    @Inject
    LdapDirectory directory;

    @Inject
    DirectoryUsers directoryUsers;

    @Inject
    UserService users;

    @Inject
    DirectoryRefresh directoryRefresh;

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential password)
                || !directory.enabled()
                || !Usernames.isValid(password.getCaller())) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        if (users.find(password.getCaller()).filter(u -> !u.directory()).isPresent()) {
            // an account of its own answers for itself: its password (right or wrong) is never sent to the directory
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Optional<User> user = directory
                .rolesOf(password.getCaller(), password.getPasswordAsString())
                .filter(roles -> !roles.isEmpty())
                .flatMap(roles -> directoryUsers.signIn(password.getCaller(), roles));
        user.ifPresent(u -> directoryRefresh.checked(u.username()));
        return user.map(u -> new CredentialValidationResult(u.username(), Role.effective(u.roles())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }
}
