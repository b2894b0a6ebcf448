package io.lollmsbot.identity.control;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.ApiToken;
import io.lollmsbot.identity.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * API tokens: 256 random bits, shown once; stored as SHA-256, which is enough for a high-entropy secret and lets one
 * indexed lookup verify a request.
 */
@Stateless
public class TokenService {

    static final String PREFIX = "lb_";
    /** last_used_at is advisory; writing it at most this often keeps token checks read-only on busy clients. */
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    static final String DEFAULT_LIFETIME_DAYS = "lollmsbot.auth.token.default-lifetime-days";

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    Config config;

    public record IssuedToken(UUID id, String token) {}

    /** A new token; without {@code expiresAt} it expires after the default lifetime, when one is set. */
    public IssuedToken issue(User user, String name, Instant requestedExpiry) {
        Instant now = Instant.now();
        if (requestedExpiry != null && !requestedExpiry.isAfter(now)) {
            throw new ProblemException(400, "expiresAt must be in the future.");
        }
        int defaultDays = config.getValue(DEFAULT_LIFETIME_DAYS, Integer.class);
        Instant expiresAt =
                requestedExpiry != null || defaultDays == 0 ? requestedExpiry : now.plus(Duration.ofDays(defaultDays));
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiToken stored = new ApiToken(em.merge(user), name, hash(token), expiresAt);
        em.persist(stored);
        return new IssuedToken(stored.id(), token);
    }

    /**
     * Issues a token on behalf of a caller who authenticated with {@code presented}: the new token never outlives
     * it. Without an {@code expiresAt} it gets the presented token's expiry; a later one is refused (400).
     */
    public IssuedToken issueFromToken(User user, String name, Instant expiresAt, String presented) {
        Instant limit = em.createNamedQuery(ApiToken.BY_HASH, ApiToken.class)
                .setParameter("hash", hash(presented))
                .getResultStream()
                .findFirst()
                .map(ApiToken::expiresAt)
                .orElse(null);
        if (limit != null && expiresAt != null && expiresAt.isAfter(limit)) {
            throw new ProblemException(
                    400,
                    "A token cannot outlive the token that creates it: expiresAt must not be after " + limit + ".");
        }
        return issue(user, name, expiresAt == null ? limit : expiresAt);
    }

    /**
     * The usable token with this SHA-256 (known, not revoked, not expired, owner enabled) and its owner; its
     * last_used_at is brought up to date when older than a minute.
     */
    public Optional<VerifiedToken> verify(String tokenHash) {
        Instant now = Instant.now();
        Optional<ApiToken> found = em.createNamedQuery(ApiToken.BY_HASH, ApiToken.class)
                .setParameter("hash", tokenHash)
                .getResultStream()
                .findFirst()
                .filter(candidate -> candidate.usableAt(now));
        found.filter(t -> isStale(t.lastUsedAt(), now)).ifPresent(t -> t.markUsed(now));
        return found.map(t -> new VerifiedToken(
                t.id(),
                t.expiresAt(),
                t.lastUsedAt(),
                t.user().id(),
                t.user().username(),
                Role.effective(t.user().roles()),
                t.user().directory()));
    }

    /** Whether last_used_at, which is advisory, is old enough to be written again. */
    public static boolean isStale(Instant lastUsedAt, Instant now) {
        return lastUsedAt == null || lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION));
    }

    /** Records a use of a token verified from a cache (a bulk update: no entity is loaded). */
    public void markUsed(UUID tokenId, Instant now) {
        em.createQuery("update ApiToken t set t.lastUsedAt = :now where t.id = :id")
                .setParameter("now", now)
                .setParameter("id", tokenId)
                .executeUpdate();
    }

    public List<ApiToken> list(User user) {
        return em.createNamedQuery(ApiToken.OF_USER, ApiToken.class)
                .setParameter("user", em.merge(user))
                .getResultList();
    }

    /** Revokes one of the user's tokens; another user's token id is "not found". */
    public void revoke(User user, UUID id) {
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null || !token.user().id().equals(user.id()) || !token.usableAt(Instant.now())) {
            throw new ProblemException(404, "No such token.");
        }
        token.revoke(Instant.now());
    }

    /** Revokes every token of the user that is not revoked yet; returns how many. */
    public int revokeAll(User user) {
        return em.createQuery("update ApiToken t set t.revokedAt = :now where t.user = :user and t.revokedAt is null")
                .setParameter("now", Instant.now())
                .setParameter("user", em.merge(user))
                .executeUpdate();
    }

    /** Deletes the tokens revoked or expired before the cutoff (retention); they can no longer be used anyway. */
    public int deleteEndedBefore(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM api_tokens WHERE revoked_at < ?1 OR expires_at < ?1")
                .setParameter(1, Timestamp.from(cutoff))
                .executeUpdate();
    }

    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
