package io.lollmsbot.soul.entity;

import java.time.Instant;

/** One stored version of the persona; {@code restoredFrom} names the version a rollback copied (else null). */
public record SoulVersion(int version, String markdown, Instant createdAt, String createdBy, Integer restoredFrom) {}
