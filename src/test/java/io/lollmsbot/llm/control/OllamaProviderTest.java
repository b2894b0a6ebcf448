package io.lollmsbot.llm.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer;
import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OllamaProviderTest {

    static ScriptedLlmServer llm;

    @BeforeAll
    static void startServer() throws IOException {
        llm = ScriptedLlmServer.start();
    }

    @AfterAll
    static void stopServer() {
        llm.close();
    }

    @AfterEach
    void reset() {
        llm.reset();
    }

    static LlmProvider provider(String apiKey, Duration timeout) {
        return new OllamaProvider(
                OpenAiCompatibleProviderTest.HTTP,
                new ProviderSettings(
                        ProviderType.OLLAMA, URI.create(llm.ollamaBaseUrl()), "llama3.2", apiKey, timeout));
    }

    static LlmProvider provider() {
        return provider(null, Duration.ofSeconds(10));
    }

    @Test
    void plainReplyWithUsageFromEvalCounts() {
        llm.enqueue(Reply.text("Bonjour").usage(30, 1));

        ChatResponse response = provider().chat(OpenAiCompatibleProviderTest.hello());

        assertEquals("Bonjour", response.content());
        assertEquals(new TokenUsage(30, 1), response.usage());
        assertEquals("stop", response.finishReason());
        assertEquals("ollama", response.provider());
    }

    @Test
    void requestUsesOllamaShapes() {
        ToolCall earlier = new ToolCall("call_1", "calendar", "{\"op\":\"list\"}");
        ChatRequest request = ChatRequest.of(List.of(
                        ChatMessage.user("u"),
                        ChatMessage.assistant(null, List.of(earlier)),
                        ChatMessage.toolResult(earlier, "[]")))
                .withTools(List.of(ToolDefinition.of("calendar", "events", "{\"type\":\"object\"}")))
                .withTemperature(0.5)
                .withMaxTokens(64);

        provider().chat(request);

        ScriptedLlmServer.RecordedRequest received = llm.lastRequest();
        assertEquals("/api/chat", received.path());
        assertNull(received.header("Authorization"));
        JsonObject body = received.json();
        assertEquals("llama3.2", body.getString("model"));
        assertFalse(body.getBoolean("stream"));
        assertEquals(64, body.getJsonObject("options").getInt("num_predict"));
        assertEquals(
                0.5, body.getJsonObject("options").getJsonNumber("temperature").doubleValue());
        var messages = body.getJsonArray("messages");
        JsonObject call = messages.getJsonObject(1).getJsonArray("tool_calls").getJsonObject(0);
        assertEquals(
                "list",
                call.getJsonObject("function").getJsonObject("arguments").getString("op"));
        assertEquals("calendar", messages.getJsonObject(2).getString("tool_name"));
        assertEquals(
                "calendar",
                body.getJsonArray("tools")
                        .getJsonObject(0)
                        .getJsonObject("function")
                        .getString("name"));
    }

    @Test
    void apiKeyIsSentWhenSet() {
        provider("ollama-cloud-key", Duration.ofSeconds(5)).chat(OpenAiCompatibleProviderTest.hello());
        assertEquals("Bearer ollama-cloud-key", llm.lastRequest().header("Authorization"));
    }

    @Test
    void ndjsonStreamingDeliversDeltasInOrderThenUsage() {
        llm.enqueue(Reply.text("a", "b", "c").usage(5, 3));
        List<String> deltas = new ArrayList<>();

        ChatResponse response = provider().stream(OpenAiCompatibleProviderTest.hello(), deltas::add);

        assertEquals(List.of("a", "b", "c"), deltas);
        assertEquals("abc", response.content());
        assertEquals(new TokenUsage(5, 3), response.usage());
        assertTrue(llm.lastRequest().json().getBoolean("stream"));
    }

    @Test
    void toolCallsPlainAndStreamed() {
        llm.enqueue(
                Reply.toolCall("filesystem", "{\"op\":\"read\"}").andToolCall("http", "{\"url\":\"x\"}"),
                Reply.toolCall("filesystem", "{\"op\":\"read\"}").andToolCall("http", "{\"url\":\"x\"}"));

        for (ChatResponse response : List.of(
                provider().chat(OpenAiCompatibleProviderTest.hello()),
                provider().stream(OpenAiCompatibleProviderTest.hello(), t -> {}))) {
            assertEquals("tool_calls", response.finishReason());
            assertEquals(
                    List.of("filesystem", "http"),
                    response.toolCalls().stream().map(ToolCall::name).toList());
            assertEquals("{\"op\":\"read\"}", response.toolCalls().get(0).arguments());
            assertEquals(
                    List.of("call_0", "call_1"),
                    response.toolCalls().stream().map(ToolCall::id).toList());
        }
    }

    @Test
    void errorsAreClassified() {
        llm.enqueue(
                Reply.error(500),
                Reply.error(429).retryAfter(3),
                Reply.error(404),
                Reply.malformed(),
                Reply.malformed());
        var hello = OpenAiCompatibleProviderTest.hello();

        assertEquals(
                LlmException.Kind.TRANSIENT,
                assertThrows(LlmException.class, () -> provider().chat(hello)).kind());
        LlmException limited =
                assertThrows(TransientLlmException.class, () -> provider().chat(hello));
        assertEquals(Duration.ofSeconds(3), limited.retryAfter().orElseThrow());
        LlmException notFound =
                assertThrows(LlmException.class, () -> provider().chat(hello));
        assertEquals(LlmException.Kind.PERMANENT, notFound.kind());
        assertTrue(notFound.getMessage().contains("404"));
        assertEquals(
                LlmException.Kind.PERMANENT,
                assertThrows(LlmException.class, () -> provider().chat(hello)).kind());
        assertEquals(
                LlmException.Kind.PERMANENT,
                assertThrows(LlmException.class, () -> provider().stream(hello, t -> {}))
                        .kind());
    }

    @Test
    void slowServerTimesOutAsTransient() {
        llm.enqueue(Reply.text("late").delayed(Duration.ofSeconds(3)));
        assertThrows(
                TransientLlmException.class,
                () -> provider(null, Duration.ofMillis(500)).stream(OpenAiCompatibleProviderTest.hello(), t -> {}));
    }

    @Test
    void anNdjsonStreamThatStallsAfterItsFirstLineIsCutByTheIdleTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(Reply.text("first ", "never sent").stalledAfter(1, release));
        List<String> deltas = new ArrayList<>();
        try {
            LlmException e = OpenAiCompatibleProviderTest.assertCutWithinTheTimeout(() ->
                    provider(null, Duration.ofSeconds(1)).stream(OpenAiCompatibleProviderTest.hello(), deltas::add));
            assertTrue(e.getMessage().endsWith("sent nothing for 1 s in the middle of the stream"), e::getMessage);
            assertEquals(List.of("first "), deltas);
        } finally {
            release.countDown();
        }
    }

    @Test
    void listsModelsAndPings() {
        assertEquals(List.of(ScriptedLlmServer.MODEL), provider().listModels());
        provider().ping();
        assertEquals("/api/tags", llm.lastRequest().path());
    }
}
