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

    /** Made once: each hasher makes its dummy hash, and a hash of the default count costs a noticeable time. */
    private static final PasswordHasher PRODUCTION = new PasswordHasher(DEFAULT_ITERATIONS);

    /** The checks below do not depend on the count, so they run on cheap hashes. */
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void verifiesTheRightPasswordOnly() {
        String stored = hasher.hash("correct horse battery staple");
        assertTrue(hasher.verify("correct horse battery staple", stored));
        assertFalse(hasher.verify("correct horse battery stapl", stored));
        assertFalse(hasher.verify("", stored));
    }

    @Test
    void storesAlgorithmIterationsAndARandomSalt() {
        String stored = PRODUCTION.hash("same password");
        assertTrue(stored.startsWith("pbkdf2-sha256$" + DEFAULT_ITERATIONS + "$"), stored);
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");
        assertTrue(first.startsWith("pbkdf2-sha256$1000$"), first);
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
        String cheap = hasher.hash("made on a test server");
        assertTrue(PRODUCTION.verify("made on a test server", cheap));
        assertFalse(PRODUCTION.verify("made on a test server!", cheap));
    }

    @Test
    void neverMatchesAMissingOrMalformedHash() {
        assertFalse(hasher.verify("anything", null));
        assertFalse(hasher.verify("anything", "plain-text-password"));
        assertFalse(hasher.verify("anything", "md5$1$abc$def"));
    }
}
