package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import java.net.InetAddress;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LDAP login against a real (in-memory, UnboundID) directory started here, switched on through the settings API:
 * group membership maps to the roles.
 */
class LdapIT {

    private static final String URL_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.url";
    private static final String PLAINTEXT_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.allow-plaintext";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADA = "ada-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final String EVE = "eve-" + RUN;
    private static final String PASSWORD = "directory-password";
    private static InMemoryDirectoryServer directory;
    private final Api api = Api.server();

    @BeforeAll
    static void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        directory = new InMemoryDirectoryServer(config);
        directory.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
        directory.add(
                "dn: ou=people,dc=example,dc=com", "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        directory.add(
                "dn: ou=groups,dc=example,dc=com", "objectClass: top", "objectClass: organizationalUnit", "ou: groups");
        for (String user : new String[] {ADA, BOB, EVE}) {
            directory.add(
                    "dn: uid=" + user + ",ou=people,dc=example,dc=com",
                    "objectClass: inetOrgPerson",
                    "uid: " + user,
                    "cn: " + user,
                    "sn: " + user,
                    "userPassword: " + PASSWORD);
        }
        directory.add(
                "dn: cn=lollmsbot-admins,ou=groups,dc=example,dc=com",
                "objectClass: groupOfNames",
                "cn: lollmsbot-admins",
                "member: uid=" + ADA + ",ou=people,dc=example,dc=com");
        directory.add(
                "dn: cn=lollmsbot-users,ou=groups,dc=example,dc=com",
                "objectClass: groupOfNames",
                "cn: lollmsbot-users",
                "member: uid=" + BOB + ",ou=people,dc=example,dc=com");
        directory.startListening();
        // the test directory speaks plain LDAP on loopback, which lollmsbot refuses unless allowed
        Api.Reply plain = Api.server().put(PLAINTEXT_SETTING, "{\"value\":\"true\"}", admin());
        assertEquals(200, plain.status(), plain::toString);
        Api.Reply on = Api.server()
                .put(URL_SETTING, "{\"value\":\"ldap://127.0.0.1:" + directory.getListenPort() + "\"}", admin());
        assertEquals(200, on.status(), on::toString);
    }

    @AfterAll
    static void stopDirectory() {
        Api.server().delete(URL_SETTING, admin());
        Api.server().delete(PLAINTEXT_SETTING, admin());
        directory.shutDown(true);
    }

    @Test
    void plainLdapIsRefusedUnlessAllowed() {
        try {
            assertEquals(204, api.delete(PLAINTEXT_SETTING, admin()).status());
            assertProblem(api.get("/api/v1/me", basic(ADA, PASSWORD)), 401);
        } finally {
            assertEquals(
                    200,
                    api.put(PLAINTEXT_SETTING, "{\"value\":\"true\"}", admin()).status());
        }
        assertEquals(200, api.get("/api/v1/me", basic(ADA, PASSWORD)).status());
    }

    @Test
    void theAdminGroupGrantsAdmin() {
        Api.Reply me = api.get("/api/v1/me", basic(ADA, PASSWORD));
        assertEquals(200, me.status(), me::toString);
        assertEquals(ADA, me.json().getString("username"));
        assertEquals("[\"admin\",\"user\"]", me.json().getJsonArray("roles").toString());
        assertEquals(
                200, api.get("/api/v1/admin/settings", basic(ADA, PASSWORD)).status());
    }

    @Test
    void theUserGroupGrantsUserOnly() {
        Api.Reply me = api.get("/api/v1/me", basic(BOB, PASSWORD));
        assertEquals(200, me.status(), me::toString);
        assertEquals("[\"user\"]", me.json().getJsonArray("roles").toString());
        assertProblem(api.get("/api/v1/admin/users", basic(BOB, PASSWORD)), 403);

        Api.Reply console = api.post(
                "/api/v1/auth/login", "{\"username\":\"" + BOB + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(200, console.status(), console::toString);
    }

    @Test
    void wrongPasswordsNoGroupAndTakeoversAreRefused() {
        assertProblem(api.get("/api/v1/me", basic(BOB, "not-the-directory-password")), 401);
        assertProblem(api.get("/api/v1/me", basic(EVE, PASSWORD)), 401);

        String local = api.createUser("local", "user");
        try {
            directory.add(
                    "dn: uid=" + local + ",ou=people,dc=example,dc=com",
                    "objectClass: inetOrgPerson",
                    "uid: " + local,
                    "cn: " + local,
                    "sn: " + local,
                    "userPassword: " + PASSWORD);
            directory.modify(
                    "dn: cn=lollmsbot-admins,ou=groups,dc=example,dc=com",
                    "changetype: modify",
                    "add: member",
                    "member: uid=" + local + ",ou=people,dc=example,dc=com");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertProblem(api.get("/api/v1/me", basic(local, PASSWORD)), 401);
        assertEquals(
                200, api.get("/api/v1/me", basic(local, Api.passwordOf(local))).status());
    }
}
