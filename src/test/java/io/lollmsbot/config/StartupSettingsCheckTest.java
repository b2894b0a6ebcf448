package io.lollmsbot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartupSettingsCheckTest {

    private static List<String> problems(Map<String, String> values) {
        return StartupSettingsCheck.problems(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void acceptsTheDefaults() {
        assertEquals(
                List.of(),
                problems(Map.of(
                        "lollmsbot.llm.provider", "openai",
                        "lollmsbot.llm.base-url", "http://localhost:11434/v1",
                        "lollmsbot.cors.origins", "",
                        "lollmsbot.enable.shell", "false",
                        "lollmsbot.ratelimit.chat.per-minute", "30",
                        "lollmsbot.chat.max-message-chars", "50000")));
    }

    @Test
    void namesEachInvalidSetting() {
        List<String> problems = problems(Map.of(
                "lollmsbot.llm.provider", "gpt-magic",
                "lollmsbot.llm.base-url", "not a url",
                "lollmsbot.ratelimit.chat.per-minute", "-1",
                "lollmsbot.enable.shell", "yes"));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(
                problems.get(0)
                        .startsWith(
                                "invalid setting lollmsbot.llm.provider='gpt-magic': must be one of openai, ollama"),
                problems.get(0));
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("lollmsbot.llm.base-url") && p.contains("absolute http")));
        assertTrue(problems.stream()
                .anyMatch(p -> p.contains("lollmsbot.ratelimit.chat.per-minute") && p.contains("whole number")));
        assertTrue(
                problems.stream().anyMatch(p -> p.contains("lollmsbot.enable.shell") && p.contains("true or false")));
    }

    @Test
    void neverShowsASecretValue() {
        List<String> problems = problems(Map.of("lollmsbot.llm.fallback.provider", "nope"));
        assertEquals(1, problems.size());
        assertFalse(
                StartupSettingsCheck.problems(key -> Optional.of("sk-live-123")).stream()
                        .anyMatch(p -> p.contains("lollmsbot.llm.api-key")),
                "any api key is valid, and none is printed");
    }

    @Test
    void checksOriginsExactly() {
        assertEquals(List.of(), problems(Map.of("lollmsbot.cors.origins", "https://a.example, http://b.example:8080")));
        assertEquals(1, problems(Map.of("lollmsbot.cors.origins", "*")).size());
        assertEquals(
                1,
                problems(Map.of("lollmsbot.cors.origins", "https://a.example/path"))
                        .size());
    }

    @Test
    void checksHostLists() {
        assertEquals(List.of(), problems(Map.of("lollmsbot.tools.http.allowed-hosts", "intranet.local, wiki:8080")));
        assertEquals(
                1,
                problems(Map.of("lollmsbot.tools.http.allowed-hosts", "http://x"))
                        .size());
    }

    @Test
    void checksLdapSettings() {
        assertEquals(
                List.of(),
                problems(Map.of("lollmsbot.ldap.url", "", "lollmsbot.ldap.user-dn-pattern", "uid={0},ou=people,dc=x")));
        assertEquals(List.of(), problems(Map.of("lollmsbot.ldap.url", "ldaps://directory.example:636")));
        assertEquals(
                1,
                problems(Map.of("lollmsbot.ldap.url", "http://directory.example"))
                        .size());
        assertEquals(
                1,
                problems(Map.of("lollmsbot.ldap.user-dn-pattern", "uid=alice,ou=people"))
                        .size());
    }

    @Test
    void oidcIssuersMustBeHttpsOrLoopback() {
        assertEquals(List.of(), problems(Map.of("lollmsbot.oidc.issuer", "")));
        assertEquals(List.of(), problems(Map.of("lollmsbot.oidc.issuer", "https://id.example.com/realms/staff")));
        assertEquals(List.of(), problems(Map.of("lollmsbot.oidc.issuer", "http://127.0.0.1:8180")));
        assertEquals(
                1,
                problems(Map.of("lollmsbot.oidc.issuer", "http://id.example.com"))
                        .size());
        assertEquals(
                1,
                problems(Map.of("lollmsbot.oidc.issuer", "ldaps://id.example.com"))
                        .size());
    }

    @Test
    void acceptsPerModelBudgetsAndTheDefaults() {
        assertEquals(
                List.of(),
                problems(Map.of(
                        "lollmsbot.memory.context-tokens", "8192",
                        "lollmsbot.memory.model-context-tokens", "llama3.1:8b=32000, gpt-4o-mini=100000",
                        "lollmsbot.memory.vector-search", "false",
                        "lollmsbot.memory.min-similarity", "0.35")));
        assertEquals(List.of(), problems(Map.of("lollmsbot.memory.model-context-tokens", "")));
    }

    @Test
    void refusesMalformedBudgets() {
        for (String bad : List.of("llama3", "=4000", "llama3=lots", "llama3=100", "a=5000,b")) {
            List<String> problems = problems(Map.of("lollmsbot.memory.model-context-tokens", bad));
            assertEquals(1, problems.size(), bad);
            assertTrue(problems.get(0).contains("model=tokens"), problems.get(0));
        }
    }

    @Test
    void refusesPlainLdapUnlessStartTlsOrTheSettingAllowsIt() {
        List<String> plain = problems(Map.of("lollmsbot.ldap.url", "ldap://directory.example.com"));
        assertEquals(1, plain.size(), plain.toString());
        assertTrue(plain.get(0).contains("lollmsbot.ldap.allow-plaintext=true"), plain.get(0));
        assertEquals(List.of(), problems(Map.of("lollmsbot.ldap.url", "ldaps://directory.example.com")));
        assertEquals(
                List.of(),
                problems(Map.of(
                        "lollmsbot.ldap.url", "ldap://directory.example.com", "lollmsbot.ldap.start-tls", "true")));
        assertEquals(
                List.of(),
                problems(Map.of(
                        "lollmsbot.ldap.url",
                        "ldap://directory.example.com",
                        "lollmsbot.ldap.allow-plaintext",
                        "true")));
    }
}
