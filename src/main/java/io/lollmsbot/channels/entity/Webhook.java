package io.lollmsbot.channels.entity;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An admin's subscription of a receiver URL to events; its secret is shown once, when it is created. */
public record Webhook(UUID id, String url, List<String> events, String createdBy, Instant createdAt) {}
