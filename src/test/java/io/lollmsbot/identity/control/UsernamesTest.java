package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsernamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "discord:1234", "a.b-c_d@example.org", "Zoë", "x"})
    void acceptsTheContractCharacters(String username) {
        assertTrue(Usernames.isValid(username));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "semi;colon", "slash/", "quote'", "<script>"})
    void refusesEverythingElse(String username) {
        assertFalse(Usernames.isValid(username));
    }

    @org.junit.jupiter.api.Test
    void limitsTheLength() {
        assertTrue(Usernames.isValid("a".repeat(256)));
        assertFalse(Usernames.isValid("a".repeat(257)));
        assertFalse(Usernames.isValid(null));
    }
}
