package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** lollmsbot.cors.origins is set through the settings API for these tests, and reset after them. */
class CorsIT {

    private static final String ALLOWED = "https://console.example";
    private static final String OTHER = "https://evil.example";
    private static final String SETTING = "/api/v1/admin/settings/lollmsbot.cors.origins";
    private final Api api = Api.server();

    @BeforeAll
    static void allowOneOrigin() {
        Api.Reply reply =
                Api.server().put(SETTING, "{\"value\":\"https://intranet.example, " + ALLOWED + "\"}", admin());
        assertEquals(200, reply.status(), reply::toString);
    }

    @AfterAll
    static void reset() {
        Api.server().delete(SETTING, admin());
    }

    @Test
    void anAllowedOriginGetsItsOwnOriginBackWithCredentials() {
        Api.Reply reply = api.send(api.request("/api/v1/me")
                .header("Origin", ALLOWED)
                .header("Authorization", admin())
                .GET());
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(ALLOWED, reply.header("Access-Control-Allow-Origin"));
        assertEquals("true", reply.header("Access-Control-Allow-Credentials"));
        assertEquals("Origin", reply.header("Vary"));
        assertTrue(reply.header("Access-Control-Expose-Headers").contains("X-Request-Id"));

        Api.Reply unauthenticated =
                api.send(api.request("/api/v1/me").header("Origin", ALLOWED).GET());
        assertProblem(unauthenticated, 401);
        assertEquals(
                ALLOWED,
                unauthenticated.header("Access-Control-Allow-Origin"),
                "a cross-origin client can read the 401");
    }

    @Test
    void anyOtherOriginGetsNoCorsHeaders() {
        for (String origin : new String[] {OTHER, ALLOWED + ".evil.example", "null", "http://console.example"}) {
            Api.Reply reply = api.send(api.request("/api/v1/me")
                    .header("Origin", origin)
                    .header("Authorization", admin())
                    .GET());
            assertEquals(200, reply.status(), reply::toString);
            assertNull(reply.header("Access-Control-Allow-Origin"), origin);
            assertNull(reply.header("Access-Control-Allow-Credentials"), origin);
            assertEquals("Origin", reply.header("Vary"));
        }
    }

    @Test
    void preflightsNeedNoCredentials() {
        Api.Reply allowed = api.send(preflight(ALLOWED));
        assertEquals(204, allowed.status(), allowed::toString);
        assertEquals(ALLOWED, allowed.header("Access-Control-Allow-Origin"));
        assertEquals("true", allowed.header("Access-Control-Allow-Credentials"));
        assertTrue(allowed.header("Access-Control-Allow-Methods").contains("PUT"));
        for (String header : new String[] {"Authorization", "Content-Type", "X-CSRF-Token", "X-Request-Id"}) {
            assertTrue(allowed.header("Access-Control-Allow-Headers").contains(header), header);
        }
        assertEquals("600", allowed.header("Access-Control-Max-Age"));

        Api.Reply refused = api.send(preflight(OTHER));
        assertProblem(refused, 403);
        assertNull(refused.header("Access-Control-Allow-Origin"));
        assertNull(refused.header("Access-Control-Allow-Methods"));
    }

    @Test
    void aChangedSettingAppliesWithoutRestart() {
        String newOrigin = "https://other-console.example";
        try {
            assertEquals(
                    200,
                    api.put(SETTING, "{\"value\":\"" + newOrigin + "\"}", admin())
                            .status());
            Api.Reply reply = api.send(preflight(newOrigin));
            assertEquals(204, reply.status(), reply::toString);
            assertEquals(newOrigin, reply.header("Access-Control-Allow-Origin"));
            assertNull(api.send(preflight(ALLOWED)).header("Access-Control-Allow-Origin"));
        } finally {
            allowOneOrigin();
        }
    }

    private HttpRequest.Builder preflight(String origin) {
        return api.request("/api/v1/admin/users/someone")
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization, content-type, x-csrf-token")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
    }
}
