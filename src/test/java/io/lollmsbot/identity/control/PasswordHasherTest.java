package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse battery staple");
        assertTrue(hasher.verify("correct horse battery staple", stored));
        assertFalse(hasher.verify("correct horse battery stapl", stored));
        assertFalse(hasher.verify("", stored));
    }

    @Test
    void storesAlgorithmIterationsAndARandomSalt() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");
        assertTrue(first.startsWith("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"), first);
        assertTrue(PasswordHasher.ITERATIONS >= 210_000);
        assertNotEquals(first, second, "each hash has its own salt");
    }

    @Test
    void neverMatchesAMissingOrMalformedHash() {
        assertFalse(hasher.verify("anything", null));
        assertFalse(hasher.verify("anything", "plain-text-password"));
        assertFalse(hasher.verify("anything", "md5$1$abc$def"));
    }
}
