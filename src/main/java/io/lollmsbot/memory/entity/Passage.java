package io.lollmsbot.memory.entity;

import java.time.Instant;
import java.util.UUID;

/** A message that can be recalled in the user's later conversations. */
public record Passage(
        UUID messageId, UUID conversationId, String role, String content, Instant createdAt, boolean embedded) {}
