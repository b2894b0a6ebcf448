package io.lollmsbot.llm.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer;
import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's own logic (settings at call time, fallback, health), without a container: no FT proxy here. */
class LlmGatewayTest {

    ScriptedLlmServer primary;
    ScriptedLlmServer backup;
    final Map<String, String> settings = new HashMap<>();
    LlmGateway gateway;

    @BeforeEach
    void start() throws IOException {
        primary = ScriptedLlmServer.start();
        backup = ScriptedLlmServer.start();
        gateway = new LlmGateway(
                key -> Optional.ofNullable(settings.get(key)),
                new PrimaryLlmClient(),
                OpenAiCompatibleProviderTest.HTTP);
    }

    @AfterEach
    void stop() {
        primary.close();
        backup.close();
    }

    void configurePrimary() {
        settings.put("lollmsbot.llm.base-url", primary.openAiBaseUrl());
        settings.put("lollmsbot.llm.model", "main");
    }

    void configureFallback() {
        settings.put("lollmsbot.llm.fallback.provider", "ollama");
        settings.put("lollmsbot.llm.fallback.base-url", backup.ollamaBaseUrl());
        settings.put("lollmsbot.llm.fallback.model", "spare");
    }

    @Test
    void notConfiguredIsReportedAsSuch() {
        LlmException e = assertThrows(LlmException.class, () -> gateway.chat(OpenAiCompatibleProviderTest.hello()));
        assertEquals(LlmException.Kind.NOT_CONFIGURED, e.kind());
        assertFalse(gateway.isConfigured());
        LlmHealth health = gateway.health();
        assertFalse(health.up());
        assertTrue(health.reason().contains("no LLM backend configured"));
    }

    @Test
    void invalidSettingsAreNotConfiguredNamingTheKey() {
        settings.put("lollmsbot.llm.model", "m");
        settings.put("lollmsbot.llm.provider", "gpt");
        LlmException e = assertThrows(LlmException.class, () -> gateway.chat(OpenAiCompatibleProviderTest.hello()));
        assertEquals(LlmException.Kind.NOT_CONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("lollmsbot.llm.provider"));
        assertTrue(gateway.health().reason().contains("lollmsbot.llm.provider"));
    }

    @Test
    void settingsAreReadAtEveryCall() {
        configurePrimary();
        assertEquals(
                "openai", gateway.chat(OpenAiCompatibleProviderTest.hello()).provider());
        settings.put("lollmsbot.llm.provider", "ollama");
        settings.put("lollmsbot.llm.base-url", primary.ollamaBaseUrl());
        assertEquals(
                "ollama", gateway.chat(OpenAiCompatibleProviderTest.hello()).provider());
    }

    @Test
    void failureWithoutFallbackReachesTheCaller() {
        configurePrimary();
        primary.enqueue(Reply.error(503).retryAfter(9));
        LlmException e = assertThrows(LlmException.class, () -> gateway.chat(OpenAiCompatibleProviderTest.hello()));
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
        assertEquals(9, e.retryAfter().orElseThrow().toSeconds());
    }

    @Test
    void fallsBackWhenThePrimaryFails() {
        configurePrimary();
        configureFallback();
        primary.enqueue(Reply.error(500));
        backup.enqueue(Reply.text("from backup"));

        ChatResponse response = gateway.chat(OpenAiCompatibleProviderTest.hello());

        assertEquals("from backup", response.content());
        assertEquals("ollama", response.provider());
        assertEquals("spare", backup.lastRequest().json().getString("model"));
    }

    @Test
    void fallsBackWhenTheCircuitIsOpen() {
        configurePrimary();
        configureFallback();
        LlmGateway openCircuit = new LlmGateway(
                key -> Optional.ofNullable(settings.get(key)),
                new PrimaryLlmClient() {
                    @Override
                    public ChatResponse chat(LlmProvider provider, ChatRequest request) {
                        throw new CircuitBreakerOpenException("open");
                    }
                },
                OpenAiCompatibleProviderTest.HTTP);

        assertEquals(
                "hello there",
                openCircuit.chat(OpenAiCompatibleProviderTest.hello()).content());
        assertTrue(primary.requests().isEmpty());
    }

    @Test
    void faultToleranceExceptionsBecomeTransientLlmExceptions() {
        LlmException e = LlmGateway.asLlmException(new CircuitBreakerOpenException("open"));
        assertEquals(LlmException.Kind.TRANSIENT, e.kind());
    }

    @Test
    void streamFallsBackOnlyBeforeTheFirstDelta() {
        configurePrimary();
        configureFallback();
        primary.enqueue(Reply.error(502));
        List<String> deltas = new ArrayList<>();
        assertEquals(
                "hello there",
                gateway.stream(OpenAiCompatibleProviderTest.hello(), deltas::add)
                        .content());
        assertEquals(List.of("hello there"), deltas);

        LlmGateway failsMidStream = new LlmGateway(
                key -> Optional.ofNullable(settings.get(key)),
                new PrimaryLlmClient() {
                    @Override
                    public ChatResponse stream(LlmProvider provider, ChatRequest request, StreamListener listener) {
                        listener.onDelta("partial");
                        throw LlmException.transientFailure("broke off", null, null);
                    }
                },
                OpenAiCompatibleProviderTest.HTTP);
        backup.reset();
        assertThrows(
                TransientLlmException.class,
                () -> failsMidStream.stream(OpenAiCompatibleProviderTest.hello(), t -> {}));
        assertTrue(backup.requests().isEmpty());
    }

    @Test
    void healthPingsPrimaryThenFallback() {
        configurePrimary();
        assertTrue(gateway.health().up());

        primary.close();
        LlmHealth down = gateway.health();
        assertFalse(down.up());
        assertTrue(down.reason().contains("could not connect"), down.reason());

        configureFallback();
        LlmHealth viaFallback = gateway.health();
        assertTrue(viaFallback.up());
        assertTrue(viaFallback.reason().contains("fallback"), viaFallback.reason());
    }

    @Test
    void secretsInSettingsNeverReachMessages() {
        configurePrimary();
        settings.put("lollmsbot.llm.api-key", "sk-very-secret");
        primary.enqueue(Reply.error(401));
        LlmException e = assertThrows(LlmException.class, () -> gateway.chat(OpenAiCompatibleProviderTest.hello()));
        assertEquals(LlmException.Kind.PERMANENT, e.kind());
        assertFalse(e.getMessage().contains("sk-very-secret"));
        assertTrue(e.getMessage().contains("api-key"));
    }
}
