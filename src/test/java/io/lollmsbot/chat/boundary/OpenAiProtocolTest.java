package io.lollmsbot.chat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class OpenAiProtocolTest {

    @Test
    void aFailureInTheStreamIsReportedAsOnAProblemResponse() {
        ProblemException refused = new ProblemException(
                new Problem("urn:lollmsbot:problem:guardian-refused", "Refused by the Guardian", 422, "Refused.", null),
                Map.of());

        JsonObject error =
                OpenAiProtocol.errorChunk(new CompletionException(refused)).getJsonObject("error");

        assertEquals("Refused.", error.getString("message"));
        assertEquals("invalid_request_error", error.getString("type"));
        assertEquals("guardian-refused", error.getString("code"));
    }

    @Test
    void anOverloadInTheStreamIsARateLimitErrorWithoutCode() {
        JsonObject error = OpenAiProtocol.errorChunk(new ProblemException(429, "Too many turns waiting."))
                .getJsonObject("error");

        assertEquals("rate_limit_error", error.getString("type"));
        assertEquals("Too many turns waiting.", error.getString("message"));
        assertFalse(error.containsKey("code"));
    }
}
