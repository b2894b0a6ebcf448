package io.lollmsbot.identity.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.DataDirectory;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.RequestIds;
import io.lollmsbot.common.Role;
import io.lollmsbot.common.SecretFiles;
import io.lollmsbot.identity.control.IdentityAudit;
import io.lollmsbot.identity.control.PasswordHasher;
import io.lollmsbot.identity.control.TokenService;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.control.VerifiedCredentialCache;
import io.lollmsbot.identity.control.VerifiedToken;
import io.lollmsbot.identity.entity.User;
import io.lollmsbot.platform.entity.InstantConverter;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The identity EJBs with real JPA on the PostgreSQL schema Flyway created, inside the running Liberty. */
@ExtendWith(ArquillianExtension.class)
class IdentityServicesArqIT {

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.create(WebArchive.class, "identity-arq.war")
                .addPackage(User.class.getPackage())
                .addPackage(AuditLog.class.getPackage())
                .addPackage(AuditEvent.class.getPackage())
                .addClasses(
                        IdentityAudit.class,
                        SecretFiles.class,
                        DataDirectory.class,
                        RequestIds.class,
                        UserService.class,
                        TokenService.class,
                        VerifiedToken.class,
                        PasswordHasher.class,
                        VerifiedCredentialCache.class,
                        ProblemException.class,
                        Problem.class,
                        Problems.class,
                        Role.class,
                        InstantConverter.class)
                .addAsResource("META-INF/persistence.xml")
                .addAsResource("META-INF/microprofile-config.properties")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource database;

    @Test
    void theSchemaComesFromTheMigrations() throws SQLException {
        assertEquals("0", queryString("SELECT count(*) FROM flyway_schema_history WHERE NOT success", null));
        assertEquals(
                "1",
                queryString(
                        "SELECT min(split_part(version, '.', 1)::int) FROM flyway_schema_history WHERE version <> '0'",
                        null),
                "applied from the first migration on, not baselined over an existing schema");
        assertEquals("users", queryString("SELECT to_regclass('public.users')::text", null));
    }

    @Test
    void passwordsAreStoredHashedAndVerified() throws SQLException {
        String name = "arq-" + UUID.randomUUID();
        users.create(name, "arquillian-password", Set.of(Role.USER), true);
        String stored = queryString("SELECT password_hash FROM users WHERE username = ?", name);
        assertTrue(stored.startsWith("pbkdf2-sha256$"));
        assertFalse(stored.contains("arquillian-password"));
        assertTrue(users.authenticate(name, "arquillian-password").isPresent());
        assertTrue(users.authenticate(name, "wrong-password").isEmpty());
        assertThrows(ProblemException.class, () -> users.create(name, "another-password", Set.of(Role.USER), true));
    }

    @Test
    void disabledUsersCannotAuthenticate() {
        String name = "arq-off-" + UUID.randomUUID();
        users.create(name, "arquillian-password", Set.of(Role.USER), false);
        assertTrue(users.authenticate(name, "arquillian-password").isEmpty());
    }

    @Test
    void tokensAreStoredAsHashesAndExpire() throws SQLException {
        User user = users.create("arq-tok-" + UUID.randomUUID(), "arquillian-password", Set.of(Role.ADMIN), true);
        TokenService.IssuedToken issued = tokens.issue(user, "arq", null);
        assertEquals(
                "0",
                queryString("SELECT count(*) FROM api_tokens WHERE token_hash = ?", issued.token()),
                "the secret itself is never stored");
        assertEquals(
                user.username(),
                tokens.verify(TokenService.hash(issued.token())).orElseThrow().username());

        TokenService.IssuedToken shortLived =
                tokens.issue(user, "short", Instant.now().plusSeconds(3600));
        try (Connection connection = database.getConnection();
                PreparedStatement expire = connection.prepareStatement(
                        "UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = ?")) {
            expire.setObject(1, shortLived.id());
            assertEquals(1, expire.executeUpdate());
        }
        assertTrue(tokens.verify(TokenService.hash(shortLived.token())).isEmpty());
    }

    private String queryString(String sql, String parameter) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setString(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                return rows.getString(1);
            }
        }
    }
}
