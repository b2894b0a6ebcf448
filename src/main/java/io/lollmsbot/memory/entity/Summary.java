package io.lollmsbot.memory.entity;

import java.time.Instant;
import java.util.UUID;

/** The rolling summary of a conversation's messages up to {@code upToSeq}. */
public record Summary(UUID conversationId, String text, int upToSeq, Instant updatedAt) {}
