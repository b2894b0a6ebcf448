package io.lollmsbot.audit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of the append-only audit log: metadata only (never message text or secrets), numbered by {@code seq} (1, 2,
 * 3... without gaps, across retention) and chained to the previous row by {@code rowHash}: an HMAC of the sequence
 * number, the previous hash and the fields when {@code keyed}, a plain SHA-256 for rows written before the chain was
 * keyed.
 */
@Entity
@Table(name = "audit_log")
public class AuditEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    private String actor;

    @Column(nullable = false)
    private String type;

    private String target;

    private String verdict;

    private Double score;

    @Column(name = "rule_ids")
    private String ruleIds;

    @Column(name = "request_id")
    private String requestId;

    @Column(name = "content_hash")
    private String contentHash;

    @Column(name = "content_length")
    private Integer contentLength;

    @Column(nullable = false)
    private long seq;

    @Column(nullable = false)
    private boolean keyed;

    @Column(name = "prev_hash", nullable = false)
    private String prevHash;

    @Column(name = "row_hash", nullable = false)
    private String rowHash;

    protected AuditEntry() {}

    public AuditEntry(AuditEvent event, Instant occurredAt, long seq, boolean keyed, String prevHash, String rowHash) {
        this.occurredAt = occurredAt;
        this.actor = event.actor();
        this.type = event.type();
        this.target = event.target();
        this.verdict = event.verdict();
        this.score = event.score();
        this.ruleIds = event.ruleIds();
        this.requestId = event.requestId();
        this.contentHash = event.contentHash();
        this.contentLength = event.contentLength();
        this.seq = seq;
        this.keyed = keyed;
        this.prevHash = prevHash;
        this.rowHash = rowHash;
    }

    public AuditEvent event() {
        return new AuditEvent(actor, type, target, verdict, score, ruleIds, requestId, contentHash, contentLength);
    }

    public Long id() {
        return id;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public long seq() {
        return seq;
    }

    public boolean keyed() {
        return keyed;
    }

    public String prevHash() {
        return prevHash;
    }

    public String rowHash() {
        return rowHash;
    }
}
