package io.lollmsbot.identity.control;

import io.lollmsbot.ratelimit.control.LoginAttempt;
import io.lollmsbot.ratelimit.control.RateLimiter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;

/**
 * A username and password checked under the failed-login limit (HTTP Basic and the console login): the attempt is
 * counted before the password hash is computed, and taken back when it succeeds.
 */
@ApplicationScoped
public class PasswordLogins {

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    UserService users;

    @Inject
    RateLimiter rateLimiter;

    /** Throws the 429 problem of the rate limiter when this attempt is over the limit. */
    public CredentialValidationResult validate(String clientAddress, UsernamePasswordCredential credential) {
        String username = credential.getCaller();
        boolean known = users.find(username).isPresent();
        LoginAttempt attempt = rateLimiter.beginLogin(clientAddress, username, known);
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            rateLimiter.loginSucceeded(attempt);
        }
        return result;
    }
}
