package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorsPolicyTest {

    private static final String CONFIGURED = "https://chat.example.com, http://localhost:3000";

    @Test
    void onlyExactListedOriginsMatch() {
        assertTrue(CorsPolicy.allows(CONFIGURED, "https://chat.example.com"));
        assertTrue(CorsPolicy.allows(CONFIGURED, "http://localhost:3000"));
        assertFalse(CorsPolicy.allows(CONFIGURED, "http://chat.example.com"));
        assertFalse(CorsPolicy.allows(CONFIGURED, "https://chat.example.com.evil.example"));
        assertFalse(CorsPolicy.allows(CONFIGURED, "https://CHAT.example.com"));
        assertFalse(CorsPolicy.allows(CONFIGURED, "http://localhost:3001"));
    }

    @Test
    void nothingMatchesAnEmptyListOrTheNullOrigin() {
        assertFalse(CorsPolicy.allows("", ""));
        assertFalse(CorsPolicy.allows("", "https://chat.example.com"));
        assertFalse(CorsPolicy.allows("null", "null"));
    }
}
