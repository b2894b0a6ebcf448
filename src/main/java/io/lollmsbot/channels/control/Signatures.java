package io.lollmsbot.channels.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Timestamped HMAC-SHA256 request signatures: lollmsbot's own for its webhooks, inbound and outbound
 * ({@code sha256=} and the hex HMAC of {@code "<unix seconds>.<raw body>"}), and Slack's ({@code v0=} and the hex
 * HMAC of {@code "v0:<unix seconds>:<raw body>"}). A timestamp more than {@link #WINDOW} away from now is refused
 * however well signed, so a captured request cannot be replayed later; within the window, replays are caught by
 * the event id.
 */
public final class Signatures {

    public static final String TIMESTAMP_HEADER = "X-Lollmsbot-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Lollmsbot-Signature";
    public static final Duration WINDOW = Duration.ofMinutes(5);

    /** How a scheme writes the signature and what it signs around the body. */
    public enum Scheme {
        LOLLMSBOT("sha256=", "", "."),
        SLACK("v0=", "v0:", ":");

        private final String prefix;
        private final String beforeTimestamp;
        private final String afterTimestamp;

        Scheme(String prefix, String beforeTimestamp, String afterTimestamp) {
            this.prefix = prefix;
            this.beforeTimestamp = beforeTimestamp;
            this.afterTimestamp = afterTimestamp;
        }
    }

    /** Why a request was not authentic; {@code null} from {@link #check} when it is. */
    public enum Failure {
        MISSING,
        STALE,
        MISMATCH
    }

    private Signatures() {}

    /** The secrets of a setting: one, or two comma-separated while one is rotated (the first signs). */
    public static List<String> secrets(String setting) {
        return Arrays.stream(setting.split(","))
                .map(String::strip)
                .filter(secret -> !secret.isEmpty())
                .toList();
    }

    public static String sign(Scheme scheme, String secret, String timestamp, byte[] payload) {
        return scheme.prefix + HexFormat.of().formatHex(hmac(scheme, secret, timestamp, payload));
    }

    /** Checks a request against every valid secret (two while one is rotated); {@code null} when authentic. */
    public static Failure check(
            Scheme scheme, List<String> secrets, String timestamp, String signature, byte[] payload, Instant now) {
        if (timestamp == null || signature == null || !signature.startsWith(scheme.prefix) || secrets.isEmpty()) {
            return Failure.MISSING;
        }
        if (!timestamp.strip().matches("[0-9]{1,18}")) {
            return Failure.MISSING;
        }
        if (!fresh(timestamp, now)) {
            return Failure.STALE;
        }
        byte[] given;
        try {
            given = HexFormat.of()
                    .parseHex(signature.substring(scheme.prefix.length()).strip());
        } catch (IllegalArgumentException e) {
            return Failure.MISMATCH;
        }
        for (String secret : secrets) {
            if (MessageDigest.isEqual(hmac(scheme, secret, timestamp.strip(), payload), given)) {
                return null;
            }
        }
        return Failure.MISMATCH;
    }

    /** Whether a timestamp in unix seconds is within {@link #WINDOW} of {@code now}; false when it is no number. */
    public static boolean fresh(String timestamp, Instant now) {
        try {
            return Math.abs(now.getEpochSecond() - Long.parseLong(timestamp.strip())) <= WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] hmac(Scheme scheme, String secret, String timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((scheme.beforeTimestamp + timestamp + scheme.afterTimestamp).getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
