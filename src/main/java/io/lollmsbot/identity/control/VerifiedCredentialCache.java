package io.lollmsbot.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers, for a short while, that a username and password matched a given stored hash, so a client sending
 * Basic credentials on every request does not pay the slow KDF each time. Entries are keyed by an HMAC of the
 * credentials under a per-process key (nothing reversible is kept) and are only honoured while the user's stored
 * hash is unchanged, so a password change on any node invalidates them at once.
 */
@ApplicationScoped
public class VerifiedCredentialCache {

    private static final Duration TTL = Duration.ofMinutes(5);
    private static final int MAX_ENTRIES = 10_000;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final byte[] key = new byte[32];
    private final Clock clock;

    private record Entry(String storedHash, Instant expires) {}

    public VerifiedCredentialCache() {
        this(Clock.systemUTC());
    }

    VerifiedCredentialCache(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    public boolean isVerified(String username, String password, String storedHash) {
        Entry entry = entries.get(fingerprint(username, password));
        return entry != null
                && entry.storedHash().equals(storedHash)
                && entry.expires().isAfter(clock.instant());
    }

    public void remember(String username, String password, String storedHash) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(
                fingerprint(username, password),
                new Entry(storedHash, clock.instant().plus(TTL)));
    }

    private String fingerprint(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
