package io.lollmsbot.identity.control;

import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.Set;

/** Local accounts of directory users: no password of their own, roles following the directory at every login. */
@Stateless
public class DirectoryUsers {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    UserService users;

    /**
     * The account of a user the directory just authenticated: created at the first login. A local account with a
     * password is never taken over by a directory entry of the same name, and one an admin disabled stays refused.
     */
    public Optional<User> signIn(String username, Set<Role> roles) {
        Optional<User> existing = users.find(username);
        if (existing.isEmpty()) {
            User user = new User(username, null, roles);
            em.persist(user);
            return Optional.of(user);
        }
        User user = existing.get();
        if (user.passwordHash() != null || !user.enabled()) {
            return Optional.empty();
        }
        if (!user.roles().equals(roles)) {
            user.setRoles(roles);
        }
        return Optional.of(user);
    }
}
