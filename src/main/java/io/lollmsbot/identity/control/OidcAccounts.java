package io.lollmsbot.identity.control;

import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;
import java.util.Set;

/**
 * Local accounts of OpenID Connect users, like the directory's: no password of their own, linked to the provider's
 * issuer and subject, roles re-applied from the provider's groups at every login. A username another account holds
 * (local, directory or another subject) is never taken over, and an account an admin disabled stays refused.
 */
@Stateless
public class OidcAccounts {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    UserService users;

    /** How a sign-in ended; {@code user} is set only for {@link Outcome#SIGNED_IN}. */
    public record SignIn(Outcome outcome, User user) {}

    public enum Outcome {
        SIGNED_IN,
        NO_ROLE,
        DISABLED,
        USERNAME_TAKEN
    }

    public SignIn signIn(String issuer, String subject, String username, Set<Role> roles) {
        Optional<User> linked = em
                .createNativeQuery("SELECT user_id FROM oidc_identities WHERE issuer = ?1 AND subject = ?2")
                .setParameter(1, issuer)
                .setParameter(2, subject)
                .getResultList()
                .stream()
                .findFirst()
                .map(id -> em.find(User.class, ((Number) id).longValue()));
        if (linked.isPresent()) {
            return again(linked.get(), roles);
        }
        if (roles.isEmpty()) {
            return new SignIn(Outcome.NO_ROLE, null);
        }
        if (users.find(username).isPresent()) {
            return new SignIn(Outcome.USERNAME_TAKEN, null);
        }
        User user = new User(username, null, roles);
        em.persist(user);
        em.flush();
        em.createNativeQuery("INSERT INTO oidc_identities (issuer, subject, user_id) VALUES (?1, ?2, ?3)")
                .setParameter(1, issuer)
                .setParameter(2, subject)
                .setParameter(3, user.id())
                .executeUpdate();
        return new SignIn(Outcome.SIGNED_IN, user);
    }

    /** A returning user: the provider's groups now decide the roles; one taken away ends their other sessions. */
    private SignIn again(User user, Set<Role> roles) {
        if (!user.enabled()) {
            return new SignIn(Outcome.DISABLED, null);
        }
        if (!user.roles().equals(roles)) {
            if (!roles.containsAll(user.roles())) {
                user.endSessions();
            }
            user.setRoles(roles);
        }
        return new SignIn(roles.isEmpty() ? Outcome.NO_ROLE : Outcome.SIGNED_IN, user);
    }
}
