package io.lollmsbot.identity.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.entity.AuditEvent;

/**
 * The audit event types of the identity pillar, and the shape of a login event. Never a password or a token: a
 * username that has no account is recorded only as its SHA-256, since people type passwords into the username field.
 */
public final class IdentityAudit {

    public static final String LOGIN = "auth.login";
    public static final String LOGIN_FAILED = "auth.login.failed";
    public static final String TOKEN_ISSUED = "token.issued";
    public static final String TOKEN_REVOKED = "token.revoked";
    public static final String PASSWORD_CHANGED = "user.password.changed";
    /** A directory account disabled because its directory entry is gone ({@link DirectoryUsers#follow}). */
    public static final String DIRECTORY_ENTRY_GONE = "user.directory.gone";
    /** A directory account's roles changed to follow its groups between logins. */
    public static final String DIRECTORY_ROLES_CHANGED = "user.directory.roles";

    /** How the caller proved who they are: {@code password} (Basic or the console), {@code token/<id>} or {@code oidc}. */
    static AuditEvent login(String username, String how) {
        return AuditEvent.of(username, LOGIN, how);
    }

    static AuditEvent failedPassword(String username) {
        return AuditEvent.of(username, LOGIN_FAILED, "password");
    }

    /** A refused OpenID Connect sign-in; the username is null when the provider's answer named none we could trust. */
    static AuditEvent failedOidc(String username) {
        return AuditEvent.of(username, LOGIN_FAILED, OidcLogins.AUDIT_TARGET);
    }

    static AuditEvent failedUnknownUser(String typed) {
        return AuditEvent.of(null, LOGIN_FAILED, "unknown-user").withContent(AuditChain.sha256(typed), typed.length());
    }

    private IdentityAudit() {}
}
