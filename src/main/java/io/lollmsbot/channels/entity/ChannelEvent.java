package io.lollmsbot.channels.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * One inbound event as stored for idempotency and for reading back: its outcome ({@code accepted} while the turn
 * runs, then {@code completed}, {@code refused} or {@code failed}), the reply or the problem, and whether the reply
 * reached the channel's reply URL ({@code none} when there is none).
 */
public record ChannelEvent(
        String channel,
        String id,
        String status,
        UUID conversationId,
        String reply,
        Integer problemStatus,
        String problemDetail,
        String delivery,
        Instant receivedAt,
        Instant completedAt) {

    public static final String ACCEPTED = "accepted";
    public static final String COMPLETED = "completed";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";
}
