package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProblemResponsesIT {

    private final Api api = Api.server();

    @ParameterizedTest
    @ValueSource(strings = {"{", "not json", "[1,2", "{\"username\": }", "\"just a string\"", "{\"roles\":\"user\"}"})
    void malformedJsonIs400(String body) {
        assertProblem(api.post("/api/v1/admin/users", body, admin()), 400);
    }

    @Test
    void validationNamesEachField() {
        JsonObject problem = assertProblem(
                api.post(
                        "/api/v1/admin/users",
                        "{\"username\":\"has space\",\"password\":\"short\",\"roles\":[\"root\"]}",
                        admin()),
                400);
        String errors = problem.getJsonArray("errors").toString();
        assertTrue(errors.contains("\"field\":\"username\""), errors);
        assertTrue(errors.contains("\"field\":\"password\""), errors);
        assertTrue(errors.contains("\"field\":\"roles"), errors);
    }

    @Test
    void invalidInputChangesNothing() {
        int before = api.get("/api/v1/admin/users", admin()).jsonArray().size();
        api.post("/api/v1/admin/users", "{\"username\":\"\",\"password\":\"x\",\"roles\":[]}", admin());
        api.post("/api/v1/admin/users", "{", admin());
        assertEquals(before, api.get("/api/v1/admin/users", admin()).jsonArray().size());
    }

    @Test
    void duplicateUserIs409() {
        String user = api.createUser("dup", "user");
        assertProblem(
                api.post(
                        "/api/v1/admin/users",
                        "{\"username\":\"" + user + "\",\"password\":\"long-enough-pass\",\"roles\":[\"user\"]}",
                        admin()),
                409);
    }

    @Test
    void unknownPathsAre404Problems() {
        assertProblem(api.get("/api/v1/no-such-thing", admin()), 404);
        assertProblem(api.get("/no-such-page", null), 404);
        assertProblem(api.delete("/api/v1/me/tokens/not-a-uuid", admin()), 404);
    }

    @Test
    void wrongMethodIs405AndWrongMediaTypeIs415() {
        assertProblem(api.delete("/api/v1/me", admin()), 405);
        HttpRequest.Builder text = api.request("/api/v1/admin/users")
                .header("Authorization", admin())
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello"));
        assertProblem(api.send(text), 415);
    }

    @Test
    void requestIdIsEchoedWhenWellFormedAndReplacedOtherwise() {
        Api.Reply echoed = api.send(api.request("/api/v1/me")
                .header("Authorization", admin())
                .header("X-Request-Id", "trace.abc-123_X")
                .GET());
        assertEquals("trace.abc-123_X", echoed.header("X-Request-Id"));

        Api.Reply replaced = api.send(api.request("/api/v1/me")
                .header("Authorization", admin())
                .header("X-Request-Id", "bad id with spaces")
                .GET());
        assertNotEquals("bad id with spaces", replaced.header("X-Request-Id"));
        assertTrue(replaced.header("X-Request-Id").matches("[A-Za-z0-9._-]{1,64}"));

        Api.Reply refused = api.send(
                api.request("/api/v1/me").header("X-Request-Id", "refused-1").GET());
        assertEquals("refused-1", refused.header("X-Request-Id"), "401s carry the id too");
    }

    @Test
    void securityHeadersOnEveryResponse() {
        for (Api.Reply reply : new Api.Reply[] {
            api.get("/api/v1/me", admin()),
            api.get("/api/v1/me", null),
            api.get("/no-such-page", null),
            api.get("/health/ready", null),
            api.get("/admin/", null)
        }) {
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply::toString);
            assertEquals("no-referrer", reply.header("Referrer-Policy"));
            assertEquals("DENY", reply.header("X-Frame-Options"));
            assertTrue(reply.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        }
    }
}
