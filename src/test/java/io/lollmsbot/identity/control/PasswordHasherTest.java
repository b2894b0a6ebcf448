package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** The default of lollmsbot.auth.password-hash-iterations. */
    private static final int DEFAULT_ITERATIONS = 310_000;

    private final PasswordHasher hasher = new PasswordHasher(DEFAULT_ITERATIONS);

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
        assertTrue(first.startsWith("pbkdf2-sha256$" + DEFAULT_ITERATIONS + "$"), first);
        assertNotEquals(first, second, "each hash has its own salt");
    }

    @Test
    void theDefaultWorkFactorIsAtLeastOwasps() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = PasswordHasher.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        assertEquals(String.valueOf(DEFAULT_ITERATIONS), defaults.getProperty(PasswordHasher.ITERATIONS));
        assertTrue(DEFAULT_ITERATIONS >= 210_000);
    }

    @Test
    void aHashIsCheckedWithItsOwnIterationsWhateverTheHasherMakes() {
        String cheap = new PasswordHasher(1_000).hash("made on a test server");
        assertTrue(cheap.startsWith("pbkdf2-sha256$1000$"), cheap);
        assertTrue(hasher.verify("made on a test server", cheap));
        assertFalse(hasher.verify("made on a test server!", cheap));
    }

    @Test
    void neverMatchesAMissingOrMalformedHash() {
        assertFalse(hasher.verify("anything", null));
        assertFalse(hasher.verify("anything", "plain-text-password"));
        assertFalse(hasher.verify("anything", "md5$1$abc$def"));
    }
}
