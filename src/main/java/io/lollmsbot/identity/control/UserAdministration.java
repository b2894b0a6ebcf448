package io.lollmsbot.identity.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.ApiToken;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * What an admin does to users and their tokens, each change audited. Authentication reads users and tokens from the
 * database on every request, so a disabled user or a revoked token is refused on the next request on every node.
 */
@Stateless
public class UserAdministration {

    /** Advisory lock key serialising changes that could remove the last enabled admin ("admins" in ASCII). */
    private static final long ADMINS_LOCK = 0x61646d696e73L;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Inject
    AuditLog audit;

    @Inject
    Config config;

    static final String REVOKE_TOKENS = "lollmsbot.auth.password-change-revokes-tokens";

    @Inject
    PasswordHasher hasher;

    /** Fields left null stay as they are. */
    public record Change(Set<Role> roles, Boolean enabled, String password) {}

    public User create(String actor, String username, String password, Set<Role> roles, boolean enabled) {
        User user = users.create(username, password, roles, enabled);
        audit.record(AuditEvent.of(actor, "user.created", username));
        return user;
    }

    public User update(String actor, String username, Change change) {
        User user = existing(username);
        boolean staysAdmin = (change.roles() == null ? user.roles() : change.roles()).contains(Role.ADMIN)
                && (change.enabled() == null ? user.enabled() : change.enabled());
        if (!staysAdmin) {
            keepAnotherEnabledAdmin(user);
        }
        boolean loosened = change.roles() != null && !change.roles().containsAll(user.roles())
                || Boolean.FALSE.equals(change.enabled());
        if (change.roles() != null) {
            user.setRoles(change.roles());
        }
        if (change.enabled() != null) {
            user.setEnabled(change.enabled());
        }
        if (change.password() != null) {
            setPassword(user, change.password());
            audit.record(AuditEvent.of(actor, IdentityAudit.PASSWORD_CHANGED, username));
        } else if (loosened) {
            // a session must not outlive a disabled account or a role taken away, even if re-enabled later
            user.endSessions();
        }
        audit.record(AuditEvent.of(actor, "user.updated", username));
        return user;
    }

    /**
     * The caller's own password change: the current password is checked by the caller under the failed-login limit.
     * Every console session of the user ends; the one making the change carries on under the returned epoch.
     */
    public long changeOwnPassword(User caller, String newPassword) {
        User user = existing(caller.username());
        if (user.passwordHash() == null) {
            throw new ProblemException(409, "This account's password is kept by the directory: change it there.");
        }
        setPassword(user, newPassword);
        audit.record(AuditEvent.of(user.username(), IdentityAudit.PASSWORD_CHANGED, user.username()));
        return user.sessionEpoch();
    }

    /**
     * A new stored hash (which also invalidates every node's cached Basic verification) ends every console session;
     * API tokens stay unless {@code lollmsbot.auth.password-change-revokes-tokens} is true.
     */
    private void setPassword(User user, String password) {
        user.setPasswordHash(hasher.hash(password));
        user.endSessions();
        if (config.getValue(REVOKE_TOKENS, Boolean.class)) {
            tokens.revokeAll(user);
        }
    }

    public void delete(String actor, String username) {
        User user = existing(username);
        keepAnotherEnabledAdmin(user);
        em.remove(user);
        audit.record(AuditEvent.of(actor, "user.deleted", username));
    }

    public List<ApiToken> tokens(String username) {
        return tokens.list(existing(username));
    }

    public TokenService.IssuedToken issueToken(String actor, String username, String name, Instant expiresAt) {
        TokenService.IssuedToken issued = tokens.issue(existing(username), name, expiresAt);
        audit.record(AuditEvent.of(actor, IdentityAudit.TOKEN_ISSUED, username + "/" + issued.id()));
        return issued;
    }

    public void revokeToken(String actor, String username, UUID id) {
        tokens.revoke(existing(username), id);
        audit.record(AuditEvent.of(actor, IdentityAudit.TOKEN_REVOKED, username + "/" + id));
    }

    private User existing(String username) {
        return users.find(username).orElseThrow(() -> new ProblemException(404, "No user named '" + username + "'."));
    }

    /** Refuses to take away the last enabled admin; concurrent changes on any node queue on one advisory lock. */
    private void keepAnotherEnabledAdmin(User user) {
        if (!user.enabled() || !user.roles().contains(Role.ADMIN)) {
            return;
        }
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, ADMINS_LOCK)
                .getSingleResult();
        Number others =
                (Number) em.createNativeQuery("""
                        SELECT count(*) FROM users u JOIN user_roles r ON r.user_id = u.id
                        WHERE r.role = 'admin' AND u.enabled AND u.id <> ?1""").setParameter(1, user.id()).getSingleResult();
        if (others.longValue() == 0) {
            throw new ProblemException(
                    409,
                    "'" + user.username() + "' is the last enabled admin: it cannot be"
                            + " disabled, demoted or deleted.");
        }
    }
}
