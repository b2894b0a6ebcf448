package io.lollmsbot.identity.control;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * A usable API token and what it authenticates as: all a request needs, without the entities. {@code directory}: the
 * owner is a directory user, whose groups are re-read when due.
 */
public record VerifiedToken(
        UUID tokenId,
        Instant expiresAt,
        Instant lastUsedAt,
        long userId,
        String username,
        Set<String> groups,
        boolean directory) {

    public boolean usableAt(Instant now) {
        return expiresAt == null || expiresAt.isAfter(now);
    }

    VerifiedToken usedAt(Instant now) {
        return new VerifiedToken(tokenId, expiresAt, now, userId, username, groups, directory);
    }
}
