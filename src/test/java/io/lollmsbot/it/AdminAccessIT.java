package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every admin endpoint: 401 without or with wrong credentials, 403 for a plain user, past security for an admin. */
class AdminAccessIT {

    private final Api api = Api.server();

    private record Endpoint(String method, String path, String body) {}

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/admin/users", null),
            new Endpoint("POST", "/api/v1/admin/users", "{}"),
            new Endpoint("PUT", "/api/v1/admin/users/nobody-here", "{}"),
            new Endpoint("DELETE", "/api/v1/admin/users/nobody-here", null),
            new Endpoint("GET", "/api/v1/admin/users/nobody-here/tokens", null),
            new Endpoint("POST", "/api/v1/admin/users/nobody-here/tokens", "{\"name\":\"x\"}"),
            new Endpoint("DELETE", "/api/v1/admin/users/nobody-here/tokens/" + UUID.randomUUID(), null),
            new Endpoint("GET", "/api/v1/admin/settings", null),
            new Endpoint("GET", "/api/v1/admin/settings/lollmsbot.llm.model", null),
            new Endpoint("PUT", "/api/v1/admin/settings/lollmsbot.no.such.key", "{\"value\":\"x\"}"),
            new Endpoint("DELETE", "/api/v1/admin/settings/lollmsbot.no.such.key", null));

    @Test
    void everyAdminEndpointIsForAdminsOnly() {
        String user = api.createUser("matrix", "user");
        for (Endpoint endpoint : ENDPOINTS) {
            assertProblem(call(endpoint, null), 401);
            // a fresh unknown name each time, so these failures lock nobody out
            assertProblem(call(endpoint, basic("ghost-" + UUID.randomUUID(), "wrong-password")), 401);
            assertProblem(call(endpoint, basic(user, Api.passwordOf(user))), 403);
            Api.Reply asAdmin = call(endpoint, admin());
            assertTrue(asAdmin.status() != 401 && asAdmin.status() != 403, () -> endpoint + " as admin: " + asAdmin);
        }
    }

    private Api.Reply call(Endpoint endpoint, String authorization) {
        HttpRequest.Builder request = api.request(endpoint.path());
        if (endpoint.body() == null) {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(endpoint.body()));
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return api.send(request);
    }
}
