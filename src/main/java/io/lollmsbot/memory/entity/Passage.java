package io.lollmsbot.memory.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * A message that can be recalled in the user's later conversations; {@code tokens} is the whole message's stored
 * count (null when it was stored without one), which {@code content} may be only the start of.
 */
public record Passage(
        UUID messageId,
        UUID conversationId,
        String role,
        String content,
        Instant createdAt,
        boolean embedded,
        Integer tokens) {}
