package io.lollmsbot.identity.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/** A user's own API tokens (/api/v1/me/tokens): issued and revoked like an admin would, and audited the same way. */
@Stateless
public class OwnTokens {

    @Inject
    TokenService tokens;

    @Inject
    AuditLog audit;

    /** {@code presented} is the Bearer token the caller authenticated with, null for a password or a session. */
    public TokenService.IssuedToken issue(User user, String name, Instant expiresAt, String presented) {
        TokenService.IssuedToken issued = presented == null
                ? tokens.issue(user, name, expiresAt)
                : tokens.issueFromToken(user, name, expiresAt, presented);
        audit.record(AuditEvent.of(user.username(), IdentityAudit.TOKEN_ISSUED, user.username() + "/" + issued.id()));
        return issued;
    }

    public void revoke(User user, UUID id) {
        tokens.revoke(user, id);
        audit.record(AuditEvent.of(user.username(), IdentityAudit.TOKEN_REVOKED, user.username() + "/" + id));
    }
}
