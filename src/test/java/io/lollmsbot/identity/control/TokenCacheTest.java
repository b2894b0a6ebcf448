package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenCacheTest {

    private final VerifiedCredentialCacheTest.MutableClock clock = new VerifiedCredentialCacheTest.MutableClock();
    private final TokenCache cache = new TokenCache(clock);

    private VerifiedToken token(Instant expiresAt) {
        return new VerifiedToken(UUID.randomUUID(), expiresAt, null, 7, "alice", Set.of("user"), false);
    }

    @Test
    void answersFromMemoryWhileTheIdentityVersionIsUnchanged() {
        VerifiedToken alice = token(null);
        cache.remember("hash-A", 41, alice);
        assertEquals(Optional.of(alice), cache.find("hash-A", 41));
        assertTrue(cache.find("hash-B", 41).isEmpty(), "another token is not known");
    }

    @Test
    void anyIdentityChangeOnAnyNodeMakesTheNextRequestVerifyAgain() {
        cache.remember("hash-A", 41, token(null));
        assertTrue(cache.find("hash-A", 42).isEmpty(), "a revocation, disabled user or role change moved the version");
        assertTrue(cache.find("hash-A", 41).isEmpty(), "the stale entry is gone, not revived");
    }

    @Test
    void forgetsEntriesAfterTheTtl() {
        cache.remember("hash-A", 41, token(null));
        clock.advance(TokenCache.TTL.plusSeconds(1));
        assertTrue(cache.find("hash-A", 41).isEmpty());
    }

    @Test
    void neverOutlivesTheTokensOwnExpiry() {
        cache.remember("hash-A", 41, token(clock.instant().plusSeconds(10)));
        assertTrue(cache.find("hash-A", 41).isPresent());
        clock.advance(Duration.ofSeconds(10));
        assertTrue(cache.find("hash-A", 41).isEmpty());
    }
}
