package io.lollmsbot.audit.control;

import io.lollmsbot.audit.entity.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.stream.Stream;

/** The hash that links an audit row to the one before it. */
public final class AuditChain {

    /** The prev_hash of the first row ever written. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {}

    public static String rowHash(String prevHash, Instant occurredAt, AuditEvent event) {
        String canonical = String.join(
                "\u001f",
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
        return sha256(canonical);
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
