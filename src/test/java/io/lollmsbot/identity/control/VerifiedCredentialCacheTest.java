package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VerifiedCredentialCacheTest {

    private final MutableClock clock = new MutableClock();
    private final VerifiedCredentialCache cache = new VerifiedCredentialCache(clock);

    @Test
    void remembersAVerifiedPasswordForTheSameStoredHash() {
        cache.remember("alice", "secret-1", "hash-A");
        assertTrue(cache.isVerified("alice", "secret-1", "hash-A"));
    }

    @Test
    void forgetsItWhenThePasswordChangesAnywhere() {
        cache.remember("alice", "secret-1", "hash-A");
        assertFalse(cache.isVerified("alice", "secret-1", "hash-B"), "a new stored hash invalidates the entry");
    }

    @Test
    void neverConfirmsAnotherPasswordOrUser() {
        cache.remember("alice", "secret-1", "hash-A");
        assertFalse(cache.isVerified("alice", "secret-2", "hash-A"));
        assertFalse(cache.isVerified("alicesecret-1", "", "hash-A"));
        assertFalse(cache.isVerified("bob", "secret-1", "hash-A"));
    }

    @Test
    void expires() {
        cache.remember("alice", "secret-1", "hash-A");
        clock.advance(Duration.ofMinutes(6));
        assertFalse(cache.isVerified("alice", "secret-1", "hash-A"));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
