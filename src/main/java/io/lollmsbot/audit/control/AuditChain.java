package io.lollmsbot.audit.control;

import io.lollmsbot.audit.entity.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The hashes that link an audit row to the one before it. Rows written before the chain was keyed carry a plain
 * SHA-256 ({@link #rowHash}); since then every row carries an HMAC with {@link AuditKey} over its sequence number,
 * the previous hash and its fields ({@link #keyedRowHash}), and retention checkpoints and head anchors are keyed the
 * same way, so only the key's holder can write a chain, a checkpoint or an anchor that verifies.
 */
public final class AuditChain {

    /** The prev_hash of the first row ever written. */
    public static final String GENESIS = "0".repeat(64);

    /** Type of the row that starts the keyed chain; its target names the key and the last unkeyed checkpoint. */
    public static final String KEYED_MARKER = "audit.chain.keyed";

    private static final String SEPARATOR = "\u001f";

    private AuditChain() {}

    /** The unkeyed hash of rows written before the switch-over; kept so those rows stay verifiable. */
    public static String rowHash(String prevHash, Instant occurredAt, AuditEvent event) {
        return sha256(canonical(prevHash, occurredAt, event));
    }

    public static String keyedRowHash(AuditKey key, long seq, String prevHash, Instant occurredAt, AuditEvent event) {
        return key.mac("row" + SEPARATOR + seq + SEPARATOR + canonical(prevHash, occurredAt, event));
    }

    /** The HMAC of a retention checkpoint: the sequence number and hash of the last row deleted. */
    public static String checkpointMac(AuditKey key, long lastSeq, String rowHash) {
        return key.mac("checkpoint" + SEPARATOR + lastSeq + SEPARATOR + rowHash);
    }

    /** The HMAC of an anchor: how many rows the chain had and the hash of its head at that time. */
    public static String anchorMac(AuditKey key, long seq, String rowHash) {
        return key.mac("anchor" + SEPARATOR + seq + SEPARATOR + rowHash);
    }

    private static String canonical(String prevHash, Instant occurredAt, AuditEvent event) {
        return String.join(
                SEPARATOR,
                Stream.of(
                                prevHash,
                                occurredAt.toString(),
                                event.actor(),
                                event.type(),
                                event.target(),
                                event.verdict(),
                                event.score(),
                                event.ruleIds(),
                                event.requestId(),
                                event.contentHash(),
                                event.contentLength())
                        .map(value -> Objects.toString(value, "\u2400"))
                        .toList());
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
