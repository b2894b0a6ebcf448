package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthenticationIT {

    private final Api api = Api.server();

    @Test
    void noCredentialsIs401WithAChallenge() {
        Api.Reply reply = api.get("/api/v1/me", null);
        assertProblem(reply, 401);
        assertTrue(reply.header("WWW-Authenticate").startsWith("Basic realm=\"lollmsbot\""));
        assertProblem(api.get("/v1/models", null), 401);
        assertProblem(api.get("/api/v1/admin/users", null), 401);
    }

    @Test
    void bootstrapAdminLogsInWithTheConfiguredPassword() {
        Api.Reply reply = api.get("/api/v1/me", admin());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals("admin", reply.json().getString("username"));
        assertEquals("[\"admin\",\"user\"]", reply.json().getJsonArray("roles").toString());
    }

    @Test
    void wrongPasswordAndUnknownUserLookTheSame() {
        JsonObject wrongPassword = assertProblem(api.get("/api/v1/me", basic("admin", "not-the-password")), 401);
        JsonObject unknownUser = assertProblem(api.get("/api/v1/me", basic("nobody-here", "not-the-password")), 401);
        assertEquals(wrongPassword.getString("detail"), unknownUser.getString("detail"));
    }

    @Test
    void malformedAuthorizationIs401() {
        String noColon = java.util.Base64.getEncoder()
                .encodeToString("nocolon".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String basic : new String[] {"Basic !!!not-base64", "Basic " + noColon, "Basic ", "Basic", "Basic ===="}) {
            assertProblem(api.get("/api/v1/me", basic), 401);
        }
        // longer than any username can be (and than the audit's actor column): refused without a lookup
        assertProblem(api.get("/api/v1/me", basic("u".repeat(5000), "whatever")), 401);
        assertProblem(api.get("/api/v1/me", "Bearer"), 401);
        assertProblem(api.get("/api/v1/me", "Negotiate abc"), 401);
        assertProblem(api.get("/api/v1/me", bearer("lb_not-a-real-token")), 401);
    }

    @Test
    void userOnAnAdminPathIs403() {
        String user = api.createUser("plain", "user");
        Api.Reply me = api.get("/api/v1/me", basic(user, Api.passwordOf(user)));
        assertEquals(200, me.status(), me::toString);
        assertEquals("[\"user\"]", me.json().getJsonArray("roles").toString());
        assertProblem(api.get("/api/v1/admin/users", basic(user, Api.passwordOf(user))), 403);
        assertProblem(api.post("/api/v1/admin/users", "{}", basic(user, Api.passwordOf(user))), 403);
    }

    @Test
    void bearerTokenLifecycle() {
        String user = api.createUser("tokens", "user");
        String password = basic(user, Api.passwordOf(user));
        Api.Reply created = api.post("/api/v1/me/tokens", "{\"name\":\"ci\"}", password);
        assertEquals(201, created.status(), created::toString);
        String token = created.json().getString("token");
        String id = created.json().getString("id");
        assertTrue(token.length() >= 40, "at least 160 random bits");

        Api.Reply me = api.get("/api/v1/me", bearer(token));
        assertEquals(200, me.status(), me::toString);
        assertEquals(user, me.json().getString("username"));

        Api.Reply listed = api.get("/api/v1/me/tokens", bearer(token));
        assertEquals(id, listed.jsonArray().getJsonObject(0).getString("id"));
        assertTrue(!listed.body().contains(token), "the secret is shown only once");

        String other = api.createUser("other", "user");
        assertProblem(api.delete("/api/v1/me/tokens/" + id, basic(other, Api.passwordOf(other))), 404);

        assertEquals(204, api.delete("/api/v1/me/tokens/" + id, password).status());
        assertProblem(api.get("/api/v1/me", bearer(token)), 401);
    }

    @Test
    void aTokenIssuedWithoutExpiryGetsTheDefaultLifetime() {
        String setting = "/api/v1/admin/settings/lollmsbot.auth.token.default-lifetime-days";
        String user = api.createUser("lifetime", "user");
        String password = basic(user, Api.passwordOf(user));
        try {
            assertEquals(200, api.put(setting, "{\"value\":\"7\"}", admin()).status());
            Instant before = Instant.now();
            assertEquals(
                    201,
                    api.post("/api/v1/me/tokens", "{\"name\":\"ci\"}", password).status());
            Instant expiresAt = Instant.parse(api.get("/api/v1/me/tokens", password)
                    .jsonArray()
                    .getJsonObject(0)
                    .getString("expiresAt"));
            Instant expected = before.plus(Duration.ofDays(7));
            assertTrue(
                    !expiresAt.isBefore(expected.minusSeconds(60)) && !expiresAt.isAfter(expected.plusSeconds(60)),
                    "expires 7 days after issue: " + expiresAt);
        } finally {
            api.delete(setting, admin());
        }
    }

    @Test
    void aRememberedTokenStopsWorkingAtOnceWhenItsUserLosesARoleOrIsDisabled() {
        String user = api.createUser("remembered", "admin");
        String token = api.post("/api/v1/me/tokens", "{\"name\":\"ci\"}", basic(user, Api.passwordOf(user)))
                .json()
                .getString("token");
        assertEquals(200, api.get("/api/v1/admin/users", bearer(token)).status(), "verified, and now remembered");

        assertEquals(
                200,
                api.put("/api/v1/admin/users/" + user, "{\"roles\":[\"user\"]}", Api.admin())
                        .status());
        assertProblem(api.get("/api/v1/admin/users", bearer(token)), 403);
        assertEquals(200, api.get("/api/v1/me", bearer(token)).status());

        assertEquals(
                200,
                api.put("/api/v1/admin/users/" + user, "{\"enabled\":false}", Api.admin())
                        .status());
        assertProblem(api.get("/api/v1/me", bearer(token)), 401);
    }

    @Test
    void basicAndBearerAnswersCarryNoSingleSignOnCookie() {
        String user = api.createUser("stateless", "user");
        String password = basic(user, Api.passwordOf(user));
        String token = api.post("/api/v1/me/tokens", "{\"name\":\"ci\"}", password)
                .json()
                .getString("token");
        for (String credentials : List.of(password, password, bearer(token), bearer(token))) {
            Api.Reply me = api.get("/api/v1/me", credentials);
            assertEquals(200, me.status(), me::toString);
            assertEquals(
                    List.of(),
                    me.response().headers().allValues("Set-Cookie"),
                    "API clients send their credentials each time and get no LTPA or session cookie");
        }
    }

    @Test
    void aTokenCannotMintATokenThatOutlivesIt() {
        String user = api.createUser("minting", "user");
        Instant expiry = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String parent = api.post(
                        "/api/v1/me/tokens",
                        "{\"name\":\"parent\",\"expiresAt\":\"" + expiry + "\"}",
                        basic(user, Api.passwordOf(user)))
                .json()
                .getString("token");

        String later = "{\"name\":\"later\",\"expiresAt\":\"" + expiry.plusSeconds(60) + "\"}";
        assertProblem(api.post("/api/v1/me/tokens", later, bearer(parent)), 400);
        String forever = api.post("/api/v1/me/tokens", "{\"name\":\"forever\"}", bearer(parent))
                .json()
                .getString("id");
        String sooner = "{\"name\":\"sooner\",\"expiresAt\":\"" + expiry.minusSeconds(60) + "\"}";
        assertEquals(201, api.post("/api/v1/me/tokens", sooner, bearer(parent)).status());

        var listed = api.get("/api/v1/me/tokens", bearer(parent)).jsonArray();
        Instant childExpiry = listed.stream()
                .map(jakarta.json.JsonValue::asJsonObject)
                .filter(t -> t.getString("id").equals(forever))
                .map(t -> Instant.parse(t.getString("expiresAt")))
                .findFirst()
                .orElseThrow();
        assertEquals(expiry, childExpiry, "a token minted without expiry gets its parent's");
    }

    @Test
    void tokensMayNotExpireInThePast() {
        String user = api.createUser("expiry", "user");
        String body = "{\"name\":\"old\",\"expiresAt\":\"" + Instant.now().minusSeconds(60) + "\"}";
        assertProblem(api.post("/api/v1/me/tokens", body, basic(user, Api.passwordOf(user))), 400);
    }

    @Test
    void consoleSessionNeedsTheCsrfTokenToChangeAnything() {
        Api.Reply login = api.post(
                "/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}", null);
        assertEquals(200, login.status(), login::toString);
        String csrf = login.json().getString("csrfToken");
        String setCookie = login.header("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=strict"), setCookie);
        String cookie = setCookie.split(";", 2)[0];

        Api.Reply read = api.send(
                api.request("/api/v1/admin/users").header("Cookie", cookie).GET());
        assertEquals(200, read.status(), read::toString);

        String newUser = "{\"username\":\"csrf-" + System.nanoTime()
                + "\",\"password\":\"long-enough-pass\",\"roles\":[\"user\"]}";
        HttpRequest.Builder withoutToken = api.request("/api/v1/admin/users")
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(newUser));
        assertProblem(api.send(withoutToken), 403);

        HttpRequest.Builder withToken = api.request("/api/v1/admin/users")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(newUser));
        assertEquals(201, api.send(withToken).status());

        HttpRequest.Builder logout = api.request("/api/v1/auth/logout")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", csrf)
                .POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(204, api.send(logout).status());
        assertProblem(
                api.send(api.request("/api/v1/admin/users")
                        .header("Cookie", cookie)
                        .GET()),
                401);
    }

    /** A browser keeps its session cookie after a reload, a logout elsewhere or a restart: logging in must work. */
    @Test
    void aLeftoverSessionCookieNeitherBlocksTheNextLoginNorSurvivesIt() {
        String body = "{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}";
        String first = sessionCookie(api.post("/api/v1/auth/login", body, null));

        Api.Reply again = api.send(loginWith(first, body));
        assertEquals(200, again.status(), again::toString);
        String second = sessionCookie(again);
        assertNotEquals(first, second, "the login starts a new session");
        assertProblem(
                api.send(api.request("/api/v1/admin/users")
                        .header("Cookie", first)
                        .GET()),
                401);
        HttpRequest.Builder changeWithoutToken = api.request("/api/v1/admin/guardian/scan")
                .header("Cookie", second)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}"));
        assertProblem(api.send(changeWithoutToken), 403);

        HttpRequest.Builder logout = api.request("/api/v1/auth/logout")
                .header("Cookie", second)
                .header("X-CSRF-Token", again.json().getString("csrfToken"))
                .POST(HttpRequest.BodyPublishers.noBody());
        assertEquals(204, api.send(logout).status());
        Api.Reply afterLogout = api.send(loginWith(second, body));
        assertEquals(200, afterLogout.status(), afterLogout::toString);
        assertEquals("admin", afterLogout.json().getString("username"));

        Api.Reply wrong = api.send(loginWith(sessionCookie(afterLogout), body.replace(Api.ADMIN_PASSWORD, "nope")));
        assertProblem(wrong, 401);
    }

    private HttpRequest.Builder loginWith(String cookie, String body) {
        return api.request("/api/v1/auth/login")
                .header("Cookie", cookie)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String sessionCookie(Api.Reply login) {
        assertEquals(200, login.status(), login::toString);
        return login.header("Set-Cookie").split(";", 2)[0];
    }

    @Test
    void wrongConsoleLoginIs401AndStartsNoSession() {
        Api.Reply login = api.post("/api/v1/auth/login", "{\"username\":\"admin\",\"password\":\"nope\"}", null);
        assertProblem(login, 401);
        assertEquals(null, login.header("Set-Cookie"));
    }

    @Test
    void eachLoginGetsItsOwnCsrfToken() {
        String body = "{\"username\":\"admin\",\"password\":\"" + Api.ADMIN_PASSWORD + "\"}";
        assertNotEquals(
                api.post("/api/v1/auth/login", body, null).json().getString("csrfToken"),
                api.post("/api/v1/auth/login", body, null).json().getString("csrfToken"));
    }
}
