package io.lollmsbot.identity.control;

import jakarta.security.enterprise.credential.Credential;

/** An API token presented as {@code Authorization: Bearer <token>}. */
public record BearerTokenCredential(String token) implements Credential {

    @Override
    public String toString() {
        return "BearerTokenCredential[***]";
    }
}
