package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/**
 * Console sessions end when they must: a password change (own or by an admin), a disabled account (even if enabled
 * again before the session is used), a role taken away, and the absolute lifetime. API tokens survive a password
 * change unless the setting says otherwise.
 */
class SessionLifecycleIT {

    private static final String MAX_LIFETIME = "/api/v1/admin/settings/lollmsbot.auth.session.max-seconds";
    private static final String REVOKE_TOKENS = "/api/v1/admin/settings/lollmsbot.auth.password-change-revokes-tokens";

    private final Api api = Api.server();

    /** A console login: the session cookie and its CSRF token. */
    private record Session(String cookie, String csrf) {}

    private Session login(String username, String password) {
        Api.Reply login = api.post(
                "/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
        assertEquals(200, login.status(), login::toString);
        return new Session(
                login.header("Set-Cookie").split(";", 2)[0], login.json().getString("csrfToken"));
    }

    private int me(Session session) {
        return api.send(api.request("/api/v1/me")
                        .header("Cookie", session.cookie())
                        .GET())
                .status();
    }

    private Api.Reply put(Session session, String path, String json) {
        return api.send(api.request(path)
                .header("Cookie", session.cookie())
                .header("X-CSRF-Token", session.csrf())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private String newToken(String user) {
        Api.Reply issued = api.post("/api/v1/me/tokens", "{\"name\":\"cli\"}", basic(user, Api.passwordOf(user)));
        assertEquals(201, issued.status(), issued::toString);
        return issued.json().getString("token");
    }

    @Test
    void anAdminsPasswordChangeEndsTheUsersSessionsButNotTheirTokens() {
        String user = api.createUser("pwreset", "user");
        Session session = login(user, Api.passwordOf(user));
        String token = newToken(user);
        assertEquals(200, me(session));

        Api.Reply reset = api.put("/api/v1/admin/users/" + user, "{\"password\":\"a-brand-new-password\"}", admin());
        assertEquals(200, reset.status(), reset::toString);

        assertEquals(401, me(session), "the old session ended");
        assertEquals(200, api.get("/api/v1/me", bearer(token)).status(), "tokens are separate credentials");
        assertEquals(
                401, api.get("/api/v1/me", basic(user, Api.passwordOf(user))).status());
        assertEquals(200, me(login(user, "a-brand-new-password")));
    }

    @Test
    void anOwnPasswordChangeEndsTheOtherSessionsAndKeepsThisOne() {
        String user = api.createUser("pwown", "user");
        Session here = login(user, Api.passwordOf(user));
        Session elsewhere = login(user, Api.passwordOf(user));

        assertProblem(
                put(here, "/api/v1/me/password", "{\"currentPassword\":\"wrong-one\",\"newPassword\":\"x\"}"), 400);
        assertProblem(
                put(
                        here,
                        "/api/v1/me/password",
                        "{\"currentPassword\":\"wrong-password\",\"newPassword\":\"my-new-long-password\"}"),
                403);
        assertEquals(200, me(elsewhere), "a refused change ends nothing");

        Api.Reply changed = put(
                here,
                "/api/v1/me/password",
                "{\"currentPassword\":\"" + Api.passwordOf(user) + "\",\"newPassword\":\"my-new-long-password\"}");
        assertEquals(204, changed.status(), changed::toString);
        assertEquals(200, me(here), "the session that changed it carries on");
        assertEquals(401, me(elsewhere), "every other session ended");
        assertEquals(
                200, api.get("/api/v1/me", basic(user, "my-new-long-password")).status());
    }

    @Test
    void aPasswordChangeRevokesTokensWhenTheSettingSaysSo() {
        String user = api.createUser("pwtokens", "user");
        String token = newToken(user);
        try {
            assertEquals(
                    200, api.put(REVOKE_TOKENS, "{\"value\":\"true\"}", admin()).status());
            Api.Reply reset =
                    api.put("/api/v1/admin/users/" + user, "{\"password\":\"a-brand-new-password\"}", admin());
            assertEquals(200, reset.status(), reset::toString);
            assertProblem(api.get("/api/v1/me", bearer(token)), 401);
        } finally {
            api.delete(REVOKE_TOKENS, admin());
        }
    }

    @Test
    void disablingEndsSessionsEvenIfTheUserIsEnabledAgainBeforeTheyAreUsed() {
        String user = api.createUser("disable", "user");
        Session session = login(user, Api.passwordOf(user));
        assertEquals(
                200,
                api.put("/api/v1/admin/users/" + user, "{\"enabled\":false}", admin())
                        .status());
        assertEquals(
                200,
                api.put("/api/v1/admin/users/" + user, "{\"enabled\":true}", admin())
                        .status());
        assertEquals(401, me(session));
        assertEquals(200, me(login(user, Api.passwordOf(user))), "a new login works again");
    }

    @Test
    void takingARoleAwayEndsSessionsAndGivingOneDoesNot() {
        String user = api.createUser("demote", "admin");
        Session session = login(user, Api.passwordOf(user));
        assertEquals(
                200,
                api.put("/api/v1/admin/users/" + user, "{\"roles\":[\"admin\",\"user\"]}", admin())
                        .status());
        assertEquals(200, me(session), "nothing was taken away");
        assertEquals(
                200,
                api.put("/api/v1/admin/users/" + user, "{\"roles\":[\"user\"]}", admin())
                        .status());
        assertEquals(401, me(session));
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverActive() throws InterruptedException {
        String user = api.createUser("lifetime", "user");
        try {
            assertEquals(
                    200, api.put(MAX_LIFETIME, "{\"value\":\"3\"}", admin()).status());
            Session session = login(user, Api.passwordOf(user));
            assertEquals(200, me(session));
            long deadline = System.currentTimeMillis() + 15_000;
            int status = 200;
            // requests every 200 ms keep it from ever being idle; only the lifetime can end it
            while (status == 200 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                status = me(session);
            }
            assertEquals(401, status, "ended within 15 s of a 3 s lifetime");
        } finally {
            api.delete(MAX_LIFETIME, admin());
        }
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSite() {
        String user = api.createUser("cookie", "user");
        Api.Reply login = api.post(
                "/api/v1/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + Api.passwordOf(user) + "\"}",
                null);
        String cookie = login.header("Set-Cookie");
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.toLowerCase().contains("samesite=strict"), cookie);
    }
}
