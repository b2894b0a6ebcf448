package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiProblemTest {

    @Test
    void aValidationProblemNamesItsFieldsInTheMessageAndTheFirstAsParam() {
        OpenAiProblem problem = OpenAiProblem.of(Problem.validation(List.of(
                new Problem.FieldError("messages", "must be a non-empty array of messages"),
                new Problem.FieldError("model", "must be a string"))));

        assertEquals(400, problem.status());
        assertEquals("urn:lollmsbot:problem:validation", problem.type());
        assertEquals(
                "The request has 2 invalid field(s). messages: must be a non-empty array of messages; "
                        + "model: must be a string.",
                problem.error().message());
        assertEquals("messages", problem.error().param());
        assertEquals("validation", problem.error().code());
        assertEquals("invalid_request_error", problem.error().type());
    }

    @Test
    void theErrorTypeFollowsTheStatusAsOpenAiNamesIt() {
        assertEquals("rate_limit_error", typeFor(429));
        assertEquals("server_error", typeFor(503));
        assertEquals("server_error", typeFor(500));
        assertEquals("invalid_request_error", typeFor(401));
        assertEquals("invalid_request_error", typeFor(422));
    }

    @Test
    void aProblemOfAnyOtherTypeHasItsDetailAsMessageAndNoCode() {
        OpenAiProblem problem = OpenAiProblem.of(Problem.of(404, "Not Found", "No resource at this path."));

        assertEquals("No resource at this path.", problem.error().message());
        assertNull(problem.error().code());
        assertNull(problem.error().param());
    }

    @Test
    void onlyTheOpenAiApiPathsAreServed() {
        assertTrue(servedAsOpenAi("/v1/chat/completions"));
        assertTrue(servedAsOpenAi("v1/models"));
        assertTrue(servedAsOpenAi("/v1"));
        assertFalse(servedAsOpenAi("/api/v1/chat"));
        assertFalse(servedAsOpenAi("/v1beta/models"));
        assertFalse(servedAsOpenAi("/"));
    }

    private static boolean servedAsOpenAi(String path) {
        return OpenAiProblem.body(Problem.of(400, "Bad Request", "detail"), path) instanceof OpenAiProblem;
    }

    private static String typeFor(int status) {
        return OpenAiProblem.of(Problem.of(status, Problems.titleFor(status), "detail"))
                .error()
                .type();
    }
}
