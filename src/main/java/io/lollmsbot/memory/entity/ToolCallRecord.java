package io.lollmsbot.memory.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tool call made while producing an assistant message: what ran, how it ended, how long; arguments hashed only. */
@Entity
@Table(name = "tool_calls")
public class ToolCallRecord {

    @Id
    private UUID id;

    @Column(name = "message_id", nullable = false)
    private UUID messageId;

    @Column(nullable = false)
    private int seq;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, length = 16)
    private String status;

    @Column(name = "duration_ms", nullable = false)
    private int durationMs;

    @Column(name = "arguments_hash", nullable = false, length = 64)
    private String argumentsHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ToolCallRecord() {}

    public ToolCallRecord(UUID messageId, int seq, String name, String status, int durationMs, String argumentsHash) {
        this.id = UUID.randomUUID();
        this.messageId = messageId;
        this.seq = seq;
        this.name = name;
        this.status = status;
        this.durationMs = durationMs;
        this.argumentsHash = argumentsHash;
        this.createdAt = Instant.now();
    }
}
