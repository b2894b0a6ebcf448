package io.lollmsbot.llm.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer;
import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleProviderTest {

    static final HttpClient HTTP = LlmProviders.newHttpClient();
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
        return new OpenAiCompatibleProvider(
                HTTP,
                new ProviderSettings(
                        ProviderType.OPENAI, URI.create(llm.openAiBaseUrl()), "test-model", apiKey, timeout));
    }

    static LlmProvider provider() {
        return provider(null, Duration.ofSeconds(10));
    }

    static ChatRequest hello() {
        return ChatRequest.of(List.of(ChatMessage.system("be nice"), ChatMessage.user("hello there")));
    }

    @Test
    void plainReplyWithUsage() {
        llm.enqueue(Reply.text("Hi ", "you").usage(12, 3));

        ChatResponse response = provider().chat(hello());

        assertEquals("Hi you", response.content());
        assertEquals(new TokenUsage(12, 3), response.usage());
        assertEquals("stop", response.finishReason());
        assertEquals("openai", response.provider());
        assertFalse(response.hasToolCalls());
    }

    @Test
    void defaultReplyEchoesTheLastUserMessage() {
        assertEquals("hello there", provider().chat(hello()).content());
    }

    @Test
    void requestCarriesMessagesToolsAndOptions() {
        ToolCall earlier = new ToolCall("call_9", "calendar", "{\"op\":\"list\"}");
        ChatRequest request = ChatRequest.of(List.of(
                        ChatMessage.system("sys"),
                        ChatMessage.user("u"),
                        ChatMessage.assistant(null, List.of(earlier)),
                        ChatMessage.toolResult(earlier, "[]")))
                .withTools(List.of(ToolDefinition.of(
                        "calendar", "events", "{\"type\":\"object\",\"properties\":{\"op\":{\"type\":\"string\"}}}")))
                .withTemperature(0.25)
                .withMaxTokens(77);

        provider().chat(request);

        ScriptedLlmServer.RecordedRequest received = llm.lastRequest();
        assertEquals("/v1/chat/completions", received.path());
        JsonObject body = received.json();
        assertEquals("test-model", body.getString("model"));
        assertFalse(body.getBoolean("stream"));
        assertEquals(0.25, body.getJsonNumber("temperature").doubleValue());
        assertEquals(77, body.getInt("max_tokens"));
        var messages = body.getJsonArray("messages");
        assertEquals(
                List.of("system", "user", "assistant", "tool"),
                messages.stream().map(m -> m.asJsonObject().getString("role")).toList());
        JsonObject call = messages.getJsonObject(2).getJsonArray("tool_calls").getJsonObject(0);
        assertEquals("call_9", call.getString("id"));
        assertEquals("function", call.getString("type"));
        assertEquals("{\"op\":\"list\"}", call.getJsonObject("function").getString("arguments"));
        assertEquals("call_9", messages.getJsonObject(3).getString("tool_call_id"));
        JsonObject tool = body.getJsonArray("tools").getJsonObject(0);
        assertEquals("function", tool.getString("type"));
        assertEquals("calendar", tool.getJsonObject("function").getString("name"));
        assertEquals(
                "string",
                tool.getJsonObject("function")
                        .getJsonObject("parameters")
                        .getJsonObject("properties")
                        .getJsonObject("op")
                        .getString("type"));
    }

    @Test
    void apiKeyIsSentAsBearerOnlyWhenSet() {
        provider("sk-test-123", Duration.ofSeconds(5)).chat(hello());
        assertEquals("Bearer sk-test-123", llm.lastRequest().header("Authorization"));

        provider().chat(hello());
        assertNull(llm.lastRequest().header("Authorization"));
    }

    @Test
    void streamingDeliversDeltasInOrderThenUsage() {
        llm.enqueue(Reply.text("One", " two", " three").usage(20, 3));
        List<String> deltas = new ArrayList<>();
        List<ChatResponse> completed = new ArrayList<>();

        ChatResponse response = provider().stream(hello(), new StreamListener() {
            @Override
            public void onDelta(String text) {
                deltas.add(text);
            }

            @Override
            public void onComplete(ChatResponse r) {
                completed.add(r);
            }
        });

        assertEquals(List.of("One", " two", " three"), deltas);
        assertEquals("One two three", response.content());
        assertEquals(new TokenUsage(20, 3), response.usage());
        assertEquals(List.of(response), completed);
        JsonObject sent = llm.lastRequest().json();
        assertTrue(sent.getBoolean("stream"));
        assertTrue(sent.getJsonObject("stream_options").getBoolean("include_usage"));
    }

    @Test
    void toolCallsInAPlainReply() {
        llm.enqueue(Reply.toolCall("filesystem", "{\"op\":\"read\",\"path\":\"a.txt\"}")
                .andToolCall("calendar", "{}"));

        ChatResponse response = provider().chat(hello());

        assertEquals("tool_calls", response.finishReason());
        assertEquals(2, response.toolCalls().size());
        ToolCall first = response.toolCalls().get(0);
        assertEquals("filesystem", first.name());
        assertEquals("{\"op\":\"read\",\"path\":\"a.txt\"}", first.arguments());
        assertTrue(first.id().startsWith("call_"));
        assertEquals("calendar", response.toolCalls().get(1).name());
    }

    @Test
    void toolCallsAssembledFromStreamedFragments() {
        llm.enqueue(Reply.toolCall("filesystem", "{\"op\":\"read\",\"path\":\"a.txt\"}")
                .andToolCall("http", "{\"url\":\"https://example.org\"}"));
        List<String> deltas = new ArrayList<>();

        ChatResponse response = provider().stream(hello(), deltas::add);

        assertTrue(deltas.isEmpty());
        assertEquals(
                List.of("filesystem", "http"),
                response.toolCalls().stream().map(ToolCall::name).toList());
        assertEquals(
                "{\"op\":\"read\",\"path\":\"a.txt\"}",
                response.toolCalls().get(0).arguments());
        assertEquals(
                "{\"url\":\"https://example.org\"}", response.toolCalls().get(1).arguments());
        assertEquals("tool_calls", response.finishReason());
    }

    @Test
    void serverErrorIsTransient() {
        llm.enqueue(Reply.error(503));
        LlmException e = assertThrows(LlmException.class, () -> provider().chat(hello()));
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
        assertInstanceOf(TransientLlmException.class, e);
        assertTrue(e.getMessage().contains("503"), e.getMessage());
    }

    @Test
    void rateLimitIsTransientWithRetryAfter() {
        llm.enqueue(Reply.error(429).retryAfter(7));
        LlmException e = assertThrows(LlmException.class, () -> provider().stream(hello(), t -> {}));
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
    }

    @Test
    void badRequestIsPermanentAndTheMessageHoldsNoSecrets() {
        llm.enqueue(Reply.error(400));
        LlmException e = assertThrows(
                LlmException.class,
                () -> provider("sk-secret-key", Duration.ofSeconds(5)).chat(hello()));
        assertEquals(LlmException.Kind.PERMANENT, e.kind());
        assertFalse(e.getMessage().contains("sk-secret-key"));
        assertFalse(e.getMessage().contains("hello there"));
        assertFalse(e instanceof TransientLlmException);
    }

    @Test
    void malformedBodyIsPermanent() {
        llm.enqueue(Reply.malformed(), Reply.malformed());
        assertEquals(
                LlmException.Kind.PERMANENT,
                assertThrows(LlmException.class, () -> provider().chat(hello())).kind());
        assertEquals(
                LlmException.Kind.PERMANENT,
                assertThrows(LlmException.class, () -> provider().stream(hello(), t -> {}))
                        .kind());
    }

    @Test
    void connectionRefusedIsTransient() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        LlmProvider nowhere = new OpenAiCompatibleProvider(
                HTTP,
                new ProviderSettings(
                        ProviderType.OPENAI,
                        URI.create("http://127.0.0.1:" + freePort + "/v1"),
                        "m",
                        null,
                        Duration.ofSeconds(5)));
        LlmException e = assertThrows(LlmException.class, () -> nowhere.chat(hello()));
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
        assertThrows(TransientLlmException.class, nowhere::ping);
    }

    @Test
    void slowServerTimesOutAsTransient() {
        llm.enqueue(Reply.text("late").delayed(Duration.ofSeconds(3)));
        long start = System.nanoTime();
        LlmException e = assertThrows(
                LlmException.class, () -> provider(null, Duration.ofMillis(500)).chat(hello()));
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
    }

    /**
     * The configured timeout bounds every way a server can stall a plain answer: before its status line, and after its
     * headers in the middle of the body (which the JDK client's own request timeout does not cover).
     */
    @Test
    void aStallBeforeTheHeadersOrInTheBodyIsCutByTheTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(
                Reply.text("too late").heldUntil(release),
                Reply.text("half of an answer").stalledAfter(0, release));
        try {
            for (int stall = 0; stall < 2; stall++) {
                LlmException e = assertCutWithinTheTimeout(
                        () -> provider(null, Duration.ofSeconds(1)).chat(hello()));
                assertTrue(e.getMessage().endsWith("did not answer within 1 s"), e::getMessage);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStreamThatStallsAfterItsFirstChunkIsCutByTheIdleTimeout() {
        CountDownLatch release = new CountDownLatch(1);
        llm.enqueue(Reply.text("first ", "never sent").stalledAfter(2, release));
        List<String> deltas = new ArrayList<>();
        try {
            LlmException e =
                    assertCutWithinTheTimeout(() -> provider(null, Duration.ofSeconds(1)).stream(hello(), deltas::add));
            assertTrue(e.getMessage().endsWith("sent nothing for 1 s in the middle of the stream"), e::getMessage);
            assertEquals(List.of("first "), deltas);
        } finally {
            release.countDown();
        }
    }

    /** The timeout is an idle limit for streams: a reply that keeps coming may take longer than it in total. */
    @Test
    void aSteadyStreamLongerThanTheTimeoutCompletes() {
        llm.enqueue(Reply.text("one ", "two ", "three ", "four").paced(Duration.ofMillis(400)));
        assertEquals(
                "one two three four",
                provider(null, Duration.ofSeconds(1)).stream(hello(), t -> {}).content());
    }

    /** Fails unless the call ends in a transient failure within the 1 s timeout and a margin for a busy machine. */
    static LlmException assertCutWithinTheTimeout(org.junit.jupiter.api.function.Executable call) {
        long start = System.nanoTime();
        LlmException e = assertThrows(LlmException.class, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "cut after " + took);
        return e;
    }

    @Test
    void listsModelsAndPings() {
        assertEquals(List.of(ScriptedLlmServer.MODEL), provider().listModels());
        provider().ping();
        assertEquals("/v1/models", llm.lastRequest().path());
    }

    @Test
    void concurrentRequestsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String question = "question " + i;
                answers.add(pool.submit(() -> provider()
                        .chat(ChatRequest.of(List.of(ChatMessage.user(question))))
                        .content()));
            }
            for (int i = 0; i < 40; i++) {
                assertEquals("question " + i, answers.get(i).get());
            }
            assertEquals(40, llm.requests().size());
        } finally {
            pool.shutdownNow();
        }
    }
}
