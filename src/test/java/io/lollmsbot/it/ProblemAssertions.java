package io.lollmsbot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

/** The problem+json shape every failure must have, and nothing of the server's internals in it. */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    public static JsonObject assertProblem(Api.Reply reply, int status) {
        assertEquals(status, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply.header("Content-Type"));
        JsonObject problem = reply.json();
        assertEquals(status, problem.getInt("status"));
        assertNotNull(problem.getString("title"));
        assertNotNull(problem.getString("type"));
        assertFalse(problem.getString("detail").isBlank());
        String body = reply.body();
        for (String internal : new String[] {"Exception", "\tat ", "SQL", "org.", "java.", "jakarta."}) {
            assertFalse(body.contains(internal), () -> "internals leaked: " + body);
        }
        assertNotNull(reply.header("X-Request-Id"));
        return problem;
    }
}
