package io.lollmsbot.identity.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Local accounts of directory users: no password of their own, roles following the directory at every login and at
 * every {@link DirectoryRefresh}.
 */
@Stateless
public class DirectoryUsers {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    /**
     * The account of a user the directory just authenticated: created at the first login. A local account with a
     * password is never taken over by a directory entry of the same name, and one an admin disabled stays refused.
     */
    public Optional<User> signIn(String username, Set<Role> roles) {
        Optional<User> existing = users.find(username);
        if (existing.isEmpty()) {
            User user = User.directoryAccount(username, roles);
            em.persist(user);
            return Optional.of(user);
        }
        User user = existing.get();
        if (!user.directory() || !user.enabled()) {
            return Optional.empty();
        }
        if (!user.roles().equals(roles)) {
            user.setRoles(roles);
        }
        return Optional.of(user);
    }

    /** The usernames of every enabled directory account. */
    public List<String> enabledAccounts() {
        return em.createQuery(
                        "select u.username from User u where u.directory = true and u.enabled = true order by u.id",
                        String.class)
                .getResultList();
    }

    /**
     * Brings an enabled directory account in line with what the directory says now; true when it changed. An entry
     * that is gone disables the account (an admin enables it again); no mapped group left ends its sessions and
     * leaves it without roles, so its tokens stop too; other changes of the roles apply to the next request of its
     * sessions and tokens, on every node.
     */
    public boolean follow(String username, LdapDirectory.Membership membership) {
        Optional<User> account = users.find(username).filter(u -> u.directory() && u.enabled());
        if (account.isEmpty()) {
            return false;
        }
        User user = account.get();
        if (!membership.exists()) {
            user.setEnabled(false);
            user.endSessions();
            audit.record(AuditEvent.of(null, IdentityAudit.DIRECTORY_ENTRY_GONE, username));
            return true;
        }
        if (user.roles().equals(membership.roles())) {
            return false;
        }
        user.setRoles(membership.roles());
        if (membership.roles().isEmpty()) {
            user.endSessions();
        }
        audit.record(AuditEvent.of(null, IdentityAudit.DIRECTORY_ROLES_CHANGED, username));
        return true;
    }
}
