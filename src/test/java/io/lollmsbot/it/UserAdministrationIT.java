package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserAdministrationIT {

    private final Api api = Api.server();

    @Test
    void disablingAUserRefusesBasicAndTokensAtOnceAndDeletingRemovesIt() {
        String user = api.createUser("lifecycle", "user");
        String password = basic(user, Api.passwordOf(user));
        Api.Reply issued = api.post(path(user) + "/tokens", "{\"name\":\"by-admin\"}", admin());
        assertEquals(201, issued.status(), issued::toString);
        String token = issued.json().getString("token");

        assertEquals(200, api.get("/api/v1/me", password).status());
        assertEquals(200, api.get("/api/v1/me", bearer(token)).status());

        Api.Reply disabled = api.put(path(user), "{\"enabled\":false}", admin());
        assertEquals(200, disabled.status(), disabled::toString);
        assertFalse(disabled.json().getBoolean("enabled"));
        assertProblem(api.get("/api/v1/me", password), 401);
        assertProblem(api.get("/api/v1/me", bearer(token)), 401);

        assertEquals(200, api.put(path(user), "{\"enabled\":true}", admin()).status());
        assertEquals(200, api.get("/api/v1/me", password).status());
        assertEquals(200, api.get("/api/v1/me", bearer(token)).status());

        assertEquals(204, api.delete(path(user), admin()).status());
        assertProblem(api.get("/api/v1/me", password), 401);
        assertProblem(api.get("/api/v1/me", bearer(token)), 401);
        assertProblem(api.delete(path(user), admin()), 404);
        assertProblem(api.get(path(user) + "/tokens", admin()), 404);
    }

    @Test
    void adminsIssueListAndRevokeTokens() {
        String user = api.createUser("admintokens", "user");
        Api.Reply issued = api.post(path(user) + "/tokens", "{\"name\":\"ci\"}", admin());
        assertEquals(201, issued.status(), issued::toString);
        String id = issued.json().getString("id");
        String token = issued.json().getString("token");

        Api.Reply listed = api.get(path(user) + "/tokens", admin());
        assertEquals(200, listed.status(), listed::toString);
        assertEquals(id, listed.jsonArray().getJsonObject(0).getString("id"));
        assertEquals("ci", listed.jsonArray().getJsonObject(0).getString("name"));
        assertFalse(listed.body().contains(token), "the secret is shown only once");

        String other = api.createUser("othertokens", "user");
        assertProblem(api.delete(path(other) + "/tokens/" + id, admin()), 404);
        assertEquals(204, api.delete(path(user) + "/tokens/" + id, admin()).status());
        assertProblem(api.get("/api/v1/me", bearer(token)), 401);
        assertProblem(api.delete(path(user) + "/tokens/" + id, admin()), 404);
        assertEquals(
                200, api.get("/api/v1/me", basic(user, Api.passwordOf(user))).status());
    }

    @Test
    void rolesAndPasswordsChange() {
        String user = api.createUser("promoted", "user");
        Api.Reply promoted =
                api.put(path(user), "{\"roles\":[\"admin\"],\"password\":\"a-brand-new-password\"}", admin());
        assertEquals(200, promoted.status(), promoted::toString);
        assertEquals(
                "[\"admin\",\"user\"]", promoted.json().getJsonArray("roles").toString());
        assertProblem(api.get("/api/v1/me", basic(user, Api.passwordOf(user))), 401);
        assertEquals(
                200,
                api.get("/api/v1/admin/users", basic(user, "a-brand-new-password"))
                        .status());

        JsonObject invalid = assertProblem(api.put(path(user), "{\"roles\":[],\"password\":\"short\"}", admin()), 400);
        assertEquals(2, invalid.getJsonArray("errors").size(), invalid::toString);
        assertProblem(api.put(path(user), "{\"roles\":[\"root\"]}", admin()), 400);
        assertProblem(api.put(path("nobody-" + System.nanoTime()), "{\"enabled\":true}", admin()), 404);
        assertEquals(204, api.delete(path(user), admin()).status());
    }

    @Test
    void theLastEnabledAdminCannotBeDisabledDemotedOrDeleted() {
        List<String> otherAdmins = new ArrayList<>();
        for (JsonObject user :
                api.get("/api/v1/admin/users", admin()).jsonArray().getValuesAs(JsonObject.class)) {
            String name = user.getString("username");
            if (!name.equals("admin")
                    && user.getBoolean("enabled")
                    && user.getJsonArray("roles").toString().contains("\"admin\"")) {
                otherAdmins.add(name);
            }
        }
        try {
            otherAdmins.forEach(name -> assertEquals(
                    200, api.put(path(name), "{\"enabled\":false}", admin()).status()));
            assertProblem(api.delete(path("admin"), admin()), 409);
            assertProblem(api.put(path("admin"), "{\"enabled\":false}", admin()), 409);
            assertProblem(api.put(path("admin"), "{\"roles\":[\"user\"]}", admin()), 409);
            assertEquals(200, api.get("/api/v1/admin/users", admin()).status());

            String second = api.createUser("second-admin", "admin");
            assertEquals(
                    200,
                    api.put(path(second), "{\"roles\":[\"user\"]}", admin()).status(),
                    "with another enabled admin present, one may be demoted");
            assertEquals(204, api.delete(path(second), admin()).status());
        } finally {
            otherAdmins.forEach(name -> api.put(path(name), "{\"enabled\":true}", admin()));
        }
        assertTrue(api.get("/api/v1/me", admin())
                .json()
                .getJsonArray("roles")
                .toString()
                .contains("admin"));
    }

    private static String path(String username) {
        return "/api/v1/admin/users/" + username;
    }
}
