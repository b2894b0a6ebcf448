package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LDAP login against a real (in-memory, UnboundID) directory started here, switched on through the settings API:
 * group membership maps to the roles, and group changes reach live sessions and tokens. The directory records the
 * binds and searches it receives, so a test can tell whether lollmsbot asked it.
 */
class LdapIT {

    private static final String URL_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.url";
    private static final String PLAINTEXT_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.allow-plaintext";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ADA = "ada-" + RUN;
    private static final String BOB = "bob-" + RUN;
    private static final String EVE = "eve-" + RUN;
    private static final String PASSWORD = "directory-password";
    private static final String REFRESH_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.refresh-seconds";
    private static final String BIND_DN_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.bind-dn";
    private static final String BIND_PASSWORD_SETTING = "/api/v1/admin/settings/lollmsbot.ldap.bind-password";
    private static final String READER_DN = "cn=lollmsbot-reader,dc=example,dc=com";
    private static final String ADMINS = "cn=lollmsbot-admins,ou=groups,dc=example,dc=com";
    private static final String USERS = "cn=lollmsbot-users,ou=groups,dc=example,dc=com";
    private static final List<String> BINDS = new CopyOnWriteArrayList<>();
    private static final AtomicInteger SEARCHES = new AtomicInteger();
    private static InMemoryDirectoryServer directory;
    private final Api api = Api.server();

    @BeforeAll
    static void startDirectory() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
        config.setListenerConfigs(
                InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials(READER_DN, "reader-secret");
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
                BINDS.add(request.getRequest().getBindDN());
            }

            @Override
            public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
                SEARCHES.incrementAndGet();
            }
        });
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
        for (String[] setting : new String[][] {
            {BIND_DN_SETTING, READER_DN}, {BIND_PASSWORD_SETTING, "reader-secret"}, {REFRESH_SETTING, "1"}
        }) {
            Api.Reply set = Api.server().put(setting[0], "{\"value\":\"" + setting[1] + "\"}", admin());
            assertEquals(200, set.status(), set::toString);
        }
    }

    @AfterAll
    static void stopDirectory() {
        Api.server().delete(REFRESH_SETTING, admin());
        Api.server().delete(BIND_DN_SETTING, admin());
        Api.server().delete(BIND_PASSWORD_SETTING, admin());
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

    @Test
    void aFailedLocalLoginIsNeverTriedAgainstTheDirectory() throws Exception {
        String local = api.createUser("localonly", "user");
        addPerson(local);
        addMember(ADMINS, local);
        assertProblem(api.get("/api/v1/me", basic(local, "a-wrong-password")), 401);
        assertProblem(api.get("/api/v1/me", basic(local, PASSWORD)), 401);
        assertEquals(
                200, api.get("/api/v1/me", basic(local, Api.passwordOf(local))).status());
        assertEquals(
                List.of(), BINDS.stream().filter(dn -> dn.equals(dn(local))).toList(), "no bind as " + local);
    }

    @Test
    void groupChangesReachLiveSessionsAndTokensBeforeTheNextLogin() throws Exception {
        String carl = addPerson("carl-" + UUID.randomUUID().toString().substring(0, 8));
        addMember(ADMINS, carl);
        addMember(USERS, carl);
        String session = login(carl);
        String token = token(carl);
        assertEquals(200, api.get("/api/v1/admin/settings", bearer(token)).status());
        assertEquals(200, withSession(session, "/api/v1/admin/settings"));

        directory.modify("dn: " + ADMINS, "changetype: modify", "delete: member", "member: " + dn(carl));
        assertEquals(
                403,
                await(
                        403,
                        () -> api.get("/api/v1/admin/settings", bearer(token)).status()));
        assertEquals(403, await(403, () -> withSession(session, "/api/v1/admin/settings")));
        Api.Reply me = api.get("/api/v1/me", bearer(token));
        assertEquals(200, me.status(), me::toString);
        assertEquals("[\"user\"]", me.json().getJsonArray("roles").toString());
        assertEquals(200, withSession(session, "/api/v1/me"), "losing admin keeps the session as a user");

        directory.modify("dn: " + USERS, "changetype: modify", "delete: member", "member: " + dn(carl));
        assertEquals(401, await(401, () -> api.get("/api/v1/me", bearer(token)).status()));
        assertEquals(401, await(401, () -> withSession(session, "/api/v1/me")));
        assertProblem(api.get("/api/v1/me", basic(carl, PASSWORD)), 401);
    }

    @Test
    void accountsWhoseEntryIsGoneAreDisabledAtUseAndByTheHeartbeat() throws Exception {
        String dora = addPerson("dora-" + UUID.randomUUID().toString().substring(0, 8));
        String finn = addPerson("finn-" + UUID.randomUUID().toString().substring(0, 8));
        addMember(USERS, dora);
        addMember(USERS, finn);
        String token = token(dora);
        assertEquals(200, api.get("/api/v1/me", basic(finn, PASSWORD)).status());

        directory.delete(dn(dora));
        directory.delete(dn(finn));
        assertEquals(401, await(401, () -> api.get("/api/v1/me", bearer(token)).status()));
        assertEquals(false, account(dora).getBoolean("enabled"), "disabled at its next use");

        Api.Reply run = api.post("/api/v1/admin/heartbeat/directory-sync/run", "", admin());
        assertEquals(202, run.status(), run::toString);
        assertEquals(false, account(finn).getBoolean("enabled"), "disabled by the heartbeat task (not used since)");
        addPerson(finn);
        assertProblem(api.get("/api/v1/me", basic(finn, PASSWORD)), 401);
    }

    @Test
    void requestsWithinTheIntervalDoNotAskTheDirectory() {
        Api.Reply slow = api.put(REFRESH_SETTING, "{\"value\":\"3600\"}", admin());
        assertEquals(200, slow.status(), slow::toString);
        try {
            String token = token(BOB);
            String session = login(BOB);
            int searches = SEARCHES.get();
            int binds = BINDS.size();
            for (int i = 0; i < 5; i++) {
                assertEquals(200, api.get("/api/v1/me", bearer(token)).status());
                assertEquals(200, withSession(session, "/api/v1/me"));
            }
            assertEquals(searches, SEARCHES.get(), "searches");
            assertEquals(binds, BINDS.size(), "binds");
        } finally {
            assertEquals(
                    200, api.put(REFRESH_SETTING, "{\"value\":\"1\"}", admin()).status());
        }
    }

    private static String dn(String uid) {
        return "uid=" + uid + ",ou=people,dc=example,dc=com";
    }

    private static String addPerson(String uid) throws Exception {
        directory.add(
                "dn: " + dn(uid),
                "objectClass: inetOrgPerson",
                "uid: " + uid,
                "cn: " + uid,
                "sn: " + uid,
                "userPassword: " + PASSWORD);
        return uid;
    }

    private static void addMember(String group, String uid) throws Exception {
        directory.modify("dn: " + group, "changetype: modify", "add: member", "member: " + dn(uid));
    }

    /** A console login with the directory password: the session cookie (CSRF is not needed for GETs). */
    private String login(String user) {
        Api.Reply login = api.post(
                "/api/v1/auth/login", "{\"username\":\"" + user + "\",\"password\":\"" + PASSWORD + "\"}", null);
        assertEquals(200, login.status(), login::toString);
        return login.header("Set-Cookie").split(";", 2)[0];
    }

    private String token(String user) {
        Api.Reply issued = api.post("/api/v1/me/tokens", "{\"name\":\"cli\"}", basic(user, PASSWORD));
        assertEquals(201, issued.status(), issued::toString);
        return issued.json().getString("token");
    }

    private int withSession(String cookie, String path) {
        return api.send(api.request(path).header("Cookie", cookie).GET()).status();
    }

    private JsonObject account(String username) {
        return api.get("/api/v1/admin/users", admin()).jsonArray().stream()
                .map(JsonObject.class::cast)
                .filter(user -> user.getString("username").equals(username))
                .findFirst()
                .orElseThrow();
    }

    /** Polls until the status is the expected one (the refresh interval is 1 s) or 20 s have passed; the last status. */
    private static int await(int expected, IntSupplier status) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        int last = status.getAsInt();
        while (last != expected && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = status.getAsInt();
        }
        return last;
    }
}
