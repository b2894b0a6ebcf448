package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.it.OidcTestProvider.Person;
import io.lollmsbot.it.OidcTestProvider.Token;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenID Connect login against a provider started here (real HTTP: discovery, authorization redirect, token endpoint
 * with PKCE, JWKS), switched on through the settings API. The test plays the browser: it follows the redirects itself
 * and carries the cookies.
 */
class OidcIT {

    private static final String SETTINGS = "/api/v1/admin/settings/lollmsbot.oidc.";
    private static final List<String> KEYS =
            List.of("issuer", "client-id", "client-secret", "provider-name", "admin-group", "user-group");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient BROWSER =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static OidcTestProvider provider;
    private final Api api = Api.server();

    @BeforeAll
    static void startProvider() throws Exception {
        provider = OidcTestProvider.start();
        Map<String, String> values = Map.of(
                "issuer",
                provider.issuer(),
                "client-id",
                OidcTestProvider.CLIENT_ID,
                "client-secret",
                OidcTestProvider.CLIENT_SECRET,
                "provider-name",
                "Example SSO",
                "admin-group",
                "lollmsbot-admins",
                "user-group",
                "lollmsbot-users");
        for (String key : KEYS) {
            Api.Reply set = Api.server().put(SETTINGS + key, "{\"value\":\"" + values.get(key) + "\"}", admin());
            assertEquals(200, set.status(), set::toString);
        }
    }

    @AfterAll
    static void stopProvider() {
        KEYS.forEach(key -> Api.server().delete(SETTINGS + key, admin()));
        provider.close();
    }

    private static Person person(String name, String... groups) {
        return new Person("sub-" + name + "-" + RUN, name + "-" + RUN, List.of(groups));
    }

    /** What a browser ends up with: the callback's answer and the session cookie it set (null when none). */
    private record Callback(Api.Reply reply, String sessionCookie) {}

    private Callback signIn(Person person, Token token, String to) {
        provider.signInNext(person, token);
        Api.Reply start = api.get("/api/v1/auth/oidc/login?to=" + to, null);
        assertEquals(303, start.status(), start::toString);
        URI authorization = URI.create(start.header("Location"));
        assertTrue(authorization.toString().startsWith(provider.issuer() + "/authorize?"), authorization::toString);
        Map<String, String> query = OidcTestProvider.query(authorization);
        assertEquals("S256", query.get("code_challenge_method"));
        assertNotNull(query.get("nonce"));
        String stateCookie = cookie(start, "LOLLMSBOT_OIDC_STATE");
        assertTrue(start.header("Set-Cookie").contains("SameSite=Lax"), start.header("Set-Cookie"));
        HttpResponse<String> atProvider = browse(HttpRequest.newBuilder(authorization));
        assertEquals(302, atProvider.statusCode(), atProvider::body);
        URI back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        Api.Reply callback = new Api.Reply(browse(HttpRequest.newBuilder(back).header("Cookie", stateCookie)));
        return new Callback(callback, cookie(callback, "LOLLMSBOT_SESSION"));
    }

    private static HttpResponse<String> browse(HttpRequest.Builder request) {
        try {
            return BROWSER.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String cookie(Api.Reply reply, String name) {
        return reply.response().headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith(name + "="))
                .map(header -> header.split(";", 2)[0])
                .filter(pair -> pair.length() > name.length() + 1)
                .findFirst()
                .orElse(null);
    }

    private Api.Reply withCookie(String path, String cookie) {
        return api.send(api.request(path).header("Cookie", cookie).GET());
    }

    private JsonObject signedInAs(Callback callback, String expectedLocation) {
        assertEquals(303, callback.reply().status(), callback.reply()::toString);
        assertEquals(Api.BASE + expectedLocation, callback.reply().header("Location"));
        assertNotNull(callback.sessionCookie(), "a session cookie");
        Api.Reply session = withCookie("/api/v1/auth/session", callback.sessionCookie());
        assertEquals(200, session.status(), session::toString);
        assertFalse(session.json().getString("csrfToken").isBlank());
        return session.json();
    }

    @Test
    void theLoginPagesLearnWhetherOidcIsOnAndTheSecretIsNeverShown() {
        Api.Reply info = api.get("/api/v1/auth/oidc", null);
        assertEquals(200, info.status(), info::toString);
        assertTrue(info.json().getBoolean("enabled"));
        assertEquals("Example SSO", info.json().getString("providerName"));
        assertEquals("/api/v1/auth/oidc/login", info.json().getString("loginPath"));
        Api.Reply secret = api.get(SETTINGS + "client-secret", admin());
        assertEquals(200, secret.status(), secret::toString);
        assertFalse(secret.body().contains(OidcTestProvider.CLIENT_SECRET), secret::body);
        assertProblem(api.get("/api/v1/auth/oidc/login?to=elsewhere", null), 400);
    }

    @Test
    void aUserInTheAdminGroupGetsAnAdminSessionThatWorksLikeAPasswordLogin() {
        Person ada = person("ada", "lollmsbot-admins");
        Callback callback = signIn(ada, Token.GOOD, "console");
        JsonObject session = signedInAs(callback, "/admin/");
        assertEquals(ada.username(), session.getString("username"));
        assertEquals("[\"admin\",\"user\"]", session.getJsonArray("roles").toString());

        Api.Reply me = withCookie("/api/v1/me", callback.sessionCookie());
        assertEquals(200, me.status(), me::toString);
        assertEquals(ada.username(), me.json().getString("username"));
        assertEquals(
                200,
                withCookie("/api/v1/admin/settings", callback.sessionCookie()).status());
        // the same CSRF rule as a password session: a state-changing request without the token is refused
        Api.Reply noCsrf = api.send(api.request("/api/v1/auth/logout")
                .header("Cookie", callback.sessionCookie())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertProblem(noCsrf, 403);
        Api.Reply logout = api.send(api.request("/api/v1/auth/logout")
                .header("Cookie", callback.sessionCookie())
                .header("X-CSRF-Token", session.getString("csrfToken"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, logout.status(), logout::toString);
        assertEquals(401, withCookie("/api/v1/me", callback.sessionCookie()).status());
    }

    @Test
    void aUserInTheUserGroupGetsUserAndTheMappingIsReappliedAtEveryLogin() {
        Person bob = person("bob", "lollmsbot-users");
        Callback first = signIn(bob, Token.GOOD, "chat");
        JsonObject session = signedInAs(first, "/chat");
        assertEquals("[\"user\"]", session.getJsonArray("roles").toString());
        assertProblem(withCookie("/api/v1/admin/users", first.sessionCookie()), 403);

        // the provider puts bob into the admin group: the next login is an admin
        Person promoted = new Person(bob.subject(), bob.username(), List.of("lollmsbot-users", "lollmsbot-admins"));
        Callback second = signIn(promoted, Token.GOOD, "chat");
        assertEquals(
                "[\"admin\",\"user\"]",
                signedInAs(second, "/chat").getJsonArray("roles").toString());

        // and out of it again: admin is taken away, which also ends the admin session
        Callback third = signIn(bob, Token.GOOD, "chat");
        JsonObject thirdSession = signedInAs(third, "/chat");
        assertEquals("[\"user\"]", thirdSession.getJsonArray("roles").toString());
        assertEquals(401, withCookie("/api/v1/me", second.sessionCookie()).status());
        // an API token of the OIDC user, made in the session like any user's
        Api.Reply issued = api.send(api.request("/api/v1/me/tokens")
                .header("Cookie", third.sessionCookie())
                .header("X-CSRF-Token", thirdSession.getString("csrfToken"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"script\"}")));
        assertEquals(201, issued.status(), issued::toString);
        String token = issued.json().getString("token");
        assertEquals(200, api.get("/api/v1/me", Api.bearer(token)).status());

        // out of every group: refused, and the account keeps no role
        Callback fourth = signIn(new Person(bob.subject(), bob.username(), List.of()), Token.GOOD, "chat");
        assertProblem(fourth.reply(), 403);
        assertEquals(401, withCookie("/api/v1/me", third.sessionCookie()).status());
        // a token of an account left without a role stops, like a directory account's
        assertEquals(401, api.get("/api/v1/me", Api.bearer(token)).status());
        Api.Reply account = api.get("/api/v1/admin/users", admin());
        assertTrue(account.body().contains("\"" + bob.username() + "\""), account::body);
    }

    @Test
    void aUserInNoMappedGroupIsRefusedWithAClearMessageAndNoSession() {
        Person eve = person("eve", "marketing");
        Callback callback = signIn(eve, Token.GOOD, "chat");
        JsonObject problem = assertProblem(callback.reply(), 403);
        assertTrue(problem.getString("detail").contains("none of the groups"), problem::toString);
        assertTrue(problem.getString("detail").contains("Example SSO"), problem::toString);
        assertNull(callback.sessionCookie());
    }

    @Test
    void badIdTokensAreRefusedAndStartNoSession() {
        for (Token bad :
                List.of(Token.TAMPERED, Token.FOREIGN_KEY, Token.WRONG_NONCE, Token.WRONG_AUDIENCE, Token.EXPIRED)) {
            Callback callback = signIn(person("mallory-" + bad.name().toLowerCase(), "lollmsbot-users"), bad, "chat");
            JsonObject problem = assertProblem(callback.reply(), 401);
            assertTrue(problem.getString("detail").contains("ID token was refused"), () -> bad + ": " + problem);
            assertNull(callback.sessionCookie(), bad::name);
        }
    }

    @Test
    void aWrongOrReplayedStateIsRefused() {
        Person carol = person("carol", "lollmsbot-users");
        provider.signInNext(carol, Token.GOOD);
        Api.Reply start = api.get("/api/v1/auth/oidc/login?to=chat", null);
        String stateCookie = cookie(start, "LOLLMSBOT_OIDC_STATE");
        HttpResponse<String> atProvider = browse(HttpRequest.newBuilder(URI.create(start.header("Location"))));
        URI back = URI.create(atProvider.headers().firstValue("Location").orElseThrow());

        // another browser's state (a login started by an attacker, finished in the victim's browser)
        Api.Reply foreign = new Api.Reply(
                browse(HttpRequest.newBuilder(back).header("Cookie", "LOLLMSBOT_OIDC_STATE=somebody-elses-state")));
        assertProblem(foreign, 400);
        assertNull(cookie(foreign, "LOLLMSBOT_SESSION"));
        assertProblem(new Api.Reply(browse(HttpRequest.newBuilder(back))), 400);

        Api.Reply first = new Api.Reply(browse(HttpRequest.newBuilder(back).header("Cookie", stateCookie)));
        assertEquals(303, first.status(), first::toString);
        // the same answer again: the state was used
        Api.Reply replay = new Api.Reply(browse(HttpRequest.newBuilder(back).header("Cookie", stateCookie)));
        assertProblem(replay, 400);
        assertNull(cookie(replay, "LOLLMSBOT_SESSION"));
    }

    @Test
    void aUsernameHeldByALocalAccountIsNotTakenOver() {
        String local = api.createUser("local", "user");
        Callback callback = signIn(new Person("sub-" + local, local, List.of("lollmsbot-admins")), Token.GOOD, "chat");
        assertProblem(callback.reply(), 409);
        assertNull(callback.sessionCookie());
        Api.Reply me = api.get("/api/v1/me", Api.basic(local, Api.passwordOf(local)));
        assertEquals("[\"user\"]", me.json().getJsonArray("roles").toString());
    }
}
