package io.lollmsbot.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verified API tokens of this node, keyed by the token's SHA-256, for a short while. An entry is honoured only while
 * the cluster-wide {@link IdentityVersion} is the one read before the token was verified, so a revocation, a
 * disabled or deleted user or a changed role on any node makes every node verify again on its next request; the
 * TTL only bounds how long an unused entry is kept.
 */
@ApplicationScoped
public class TokenCache {

    static final Duration TTL = Duration.ofMinutes(1);
    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    private record Entry(VerifiedToken token, long version, Instant expires) {}

    public TokenCache() {
        this(Clock.systemUTC());
    }

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** The token verified under this identity version, still within its TTL and its own expiry. */
    public Optional<VerifiedToken> find(String tokenHash, long version) {
        Entry entry = entries.get(tokenHash);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.version() != version
                || !entry.expires().isAfter(now)
                || !entry.token().usableAt(now)) {
            entries.remove(tokenHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.token());
    }

    /** Remembers a token verified after {@code version} was read (read it first, or a change could be missed). */
    public void remember(String tokenHash, long version, VerifiedToken token) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(tokenHash, new Entry(token, version, clock.instant().plus(TTL)));
    }
}
