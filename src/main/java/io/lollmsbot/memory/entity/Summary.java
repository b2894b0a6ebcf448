package io.lollmsbot.memory.entity;

import java.time.Instant;
import java.util.UUID;

/**
 * The rolling summary of a conversation's messages up to {@code upToSeq}, with its token count when one was stored
 * (null: count the text).
 */
public record Summary(UUID conversationId, String text, int upToSeq, Instant updatedAt, Integer tokens) {}
