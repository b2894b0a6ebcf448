package io.lollmsbot.llm.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

    static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void primaryWithDefaults() {
        ProviderSettings s = ProviderSettings.primary(settings(Map.of("lollmsbot.llm.model", "llama3.2")))
                .orElseThrow();
        assertEquals(ProviderType.OPENAI, s.provider());
        assertEquals("http://localhost:11434/v1", s.baseUrl().toString());
        assertNull(s.apiKey());
        assertEquals(ProviderSettings.DEFAULT_TIMEOUT, s.timeout());
        assertEquals("http://localhost:11434", s.endpoint());
    }

    @Test
    void primaryFullySet() {
        ProviderSettings s = ProviderSettings.primary(settings(Map.of(
                        "lollmsbot.llm.provider",
                        " Ollama ",
                        "lollmsbot.llm.base-url",
                        "https://llm.intranet:8443/",
                        "lollmsbot.llm.model",
                        "qwen",
                        "lollmsbot.llm.api-key",
                        "k-123",
                        "lollmsbot.llm.timeout-seconds",
                        "30")))
                .orElseThrow();
        assertEquals(ProviderType.OLLAMA, s.provider());
        assertEquals("https://llm.intranet:8443", s.baseUrl().toString());
        assertEquals("k-123", s.apiKey());
        assertEquals(Duration.ofSeconds(30), s.timeout());
        assertFalse(s.toString().contains("k-123"));
    }

    @Test
    void noModelMeansNotConfigured() {
        assertTrue(ProviderSettings.primary(settings(Map.of())).isEmpty());
        assertTrue(ProviderSettings.primary(settings(Map.of("lollmsbot.llm.model", "  ")))
                .isEmpty());
        assertTrue(ProviderSettings.fallback(settings(Map.of())).isEmpty());
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertMessage("lollmsbot.llm.provider", Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.provider", "claude"));
        assertMessage(
                "lollmsbot.llm.base-url",
                Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.base-url", "localhost:11434"));
        assertMessage(
                "lollmsbot.llm.base-url", Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.base-url", "ftp://host"));
        assertMessage(
                "lollmsbot.llm.base-url", Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.base-url", "http://a b"));
        assertMessage(
                "lollmsbot.llm.base-url",
                Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.base-url", "http://user:pw@host/v1"));
        assertMessage(
                "lollmsbot.llm.timeout-seconds",
                Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.timeout-seconds", "-1"));
        assertMessage("lollmsbot.llm.fallback.base-url", Map.of("lollmsbot.llm.fallback.model", "m"));
        assertMessage("lollmsbot.llm.fallback.model", Map.of("lollmsbot.llm.fallback.base-url", "http://h"));
    }

    @Test
    void credentialsInTheUrlAreNotEchoed() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ProviderSettings.primary(settings(
                        Map.of("lollmsbot.llm.model", "m", "lollmsbot.llm.base-url", "http://user:pw@host/v1"))));
        assertFalse(e.getMessage().contains("pw"));
    }

    @Test
    void fallbackReadsItsOwnKeys() {
        ProviderSettings s = ProviderSettings.fallback(settings(Map.of(
                        "lollmsbot.llm.model",
                        "primary-model",
                        "lollmsbot.llm.fallback.provider",
                        "ollama",
                        "lollmsbot.llm.fallback.base-url",
                        "http://backup:11434",
                        "lollmsbot.llm.fallback.model",
                        "small")))
                .orElseThrow();
        assertEquals(ProviderType.OLLAMA, s.provider());
        assertEquals("small", s.model());
        assertEquals("http://backup:11434", s.baseUrl().toString());
    }

    @Test
    void retryAfterAcceptsSecondsAndDates() {
        assertEquals(Optional.of(Duration.ofSeconds(12)), HttpTransport.parseRetryAfter("12"));
        assertEquals(Optional.of(Duration.ZERO), HttpTransport.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
        assertEquals(Optional.empty(), HttpTransport.parseRetryAfter("soon"));
    }

    private static void assertMessage(String key, Map<String, String> values) {
        Function<String, Optional<String>> lookup = settings(values);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            ProviderSettings.primary(lookup);
            ProviderSettings.fallback(lookup);
        });
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }
}
