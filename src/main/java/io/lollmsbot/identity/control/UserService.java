package io.lollmsbot.identity.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Users in PostgreSQL and the password check. */
@Stateless
public class UserService {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    VerifiedCredentialCache verifiedCredentials;

    @Inject
    AuditLog audit;

    @Inject
    PasswordHasher hasher;

    public Optional<User> find(String username) {
        return em.createNamedQuery(User.BY_USERNAME, User.class)
                .setParameter("username", username)
                .getResultStream()
                .findFirst();
    }

    public List<User> list() {
        return em.createNamedQuery(User.ALL, User.class).getResultList();
    }

    public User create(String username, String password, Set<Role> roles, boolean enabled) {
        if (find(username).isPresent()) {
            throw new ProblemException(409, "A user named '" + username + "' already exists.");
        }
        User user = new User(username, hasher.hash(password), roles);
        user.setEnabled(enabled);
        em.persist(user);
        return user;
    }

    /**
     * The enabled user with this password, if any. An unknown user, a disabled one and a wrong password cost the
     * same time and give the same answer. A verification with the slow hash is audited (a login, or a failed one);
     * one answered from the verified-credential cache is not, so repeated Basic requests add no audit rows.
     */
    public Optional<User> authenticate(String username, String password) {
        Optional<User> user = find(username);
        if (user.isEmpty()) {
            hasher.burnEquivalentTime(password);
            audit.record(IdentityAudit.failedUnknownUser(username));
            return Optional.empty();
        }
        String stored = user.get().passwordHash();
        if (verifiedCredentials.isVerified(username, password, stored)) {
            return user.filter(User::enabled);
        }
        boolean matches = hasher.verify(password, stored);
        if (matches && user.get().enabled()) {
            verifiedCredentials.remember(username, password, stored);
            audit.record(IdentityAudit.login(username, "password"));
            return user;
        }
        if (stored != null) {
            // a directory account has no local password: the directory's store decides and records its login
            audit.record(IdentityAudit.failedPassword(username));
        }
        return Optional.empty();
    }
}
