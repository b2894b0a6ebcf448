package io.lollmsbot.identity.control;

import io.lollmsbot.common.Role;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Creates the user {@code admin} on first start, with LOLLMSBOT_ADMIN_PASSWORD or a generated password. */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class BootstrapAdmin {

    static final String USERNAME = "admin";
    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class.getName());

    @Inject
    @ConfigProperty(name = "lollmsbot.admin.password")
    Optional<String> configuredPassword;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    PasswordHasher hasher;

    @PostConstruct
    void ensureAdmin() {
        String password = configuredPassword.filter(p -> !p.isBlank()).orElseGet(BootstrapAdmin::generatePassword);
        // ON CONFLICT: two nodes starting on one empty database create the admin once
        Number id = (Number) em.createNativeQuery("""
                        INSERT INTO users (username, password_hash, enabled) VALUES (?1, ?2, TRUE)
                        ON CONFLICT (username) DO NOTHING RETURNING id""")
                .setParameter(1, USERNAME)
                .setParameter(2, hasher.hash(password))
                .getResultStream()
                .findFirst()
                .orElse(null);
        if (id == null) {
            return;
        }
        for (Role role : Set.of(Role.ADMIN, Role.USER)) {
            em.createNativeQuery("INSERT INTO user_roles (user_id, role) VALUES (?1, ?2)")
                    .setParameter(1, id.longValue())
                    .setParameter(2, role.key())
                    .executeUpdate();
        }
        if (configuredPassword.filter(p -> !p.isBlank()).isPresent()) {
            LOG.info("Bootstrap user 'admin' created with the password from LOLLMSBOT_ADMIN_PASSWORD");
        } else {
            // the one place a secret is logged, on purpose and once: the operator has no other way to learn it
            LOG.warning("Bootstrap user 'admin' created with generated password: " + password
                    + " (set LOLLMSBOT_ADMIN_PASSWORD to choose it; change it after first login)");
        }
    }

    private static String generatePassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
