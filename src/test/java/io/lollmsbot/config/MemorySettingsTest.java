package io.lollmsbot.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Memory settings are checked at startup like every other. */
class MemorySettingsTest {

    private static List<String> problems(Map<String, String> values) {
        return StartupSettingsCheck.problems(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void acceptsPerModelBudgetsAndTheDefaults() {
        assertEquals(List.of(), problems(Map.of(
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
}
