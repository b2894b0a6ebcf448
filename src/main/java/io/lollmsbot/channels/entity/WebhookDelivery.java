package io.lollmsbot.channels.entity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event for one webhook in the outbox: {@code pending} until a receiver answers 2xx ({@code delivered}) or the
 * attempts run out ({@code failed}), with every attempt made.
 */
public record WebhookDelivery(
        long id,
        UUID eventId,
        String event,
        String status,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant deliveredAt,
        List<Attempt> history) {

    public static final String PENDING = "pending";
    public static final String DELIVERED = "delivered";
    public static final String FAILED = "failed";

    /** @param httpStatus the receiver's status, 0 when there was no HTTP answer (see {@code error}) */
    public record Attempt(int attempt, Instant attemptedAt, int httpStatus, long durationMs, String error) {}
}
