package io.lollmsbot.channels.control;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature scheme of lollmsbot's own webhooks, inbound and outbound: {@code sha256=} and the hex HMAC-SHA256 of
 * {@code "<unix seconds>.<raw body>"} under a shared secret. A timestamp more than {@link #WINDOW} away from now is
 * refused however well signed, so a captured request cannot be replayed later; within the window, replays are
 * caught by the event id.
 */
public final class Signatures {

    public static final String TIMESTAMP_HEADER = "X-Lollmsbot-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Lollmsbot-Signature";
    public static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String PREFIX = "sha256=";

    /** Why a request was not authentic; {@code null} from {@link #check} when it is. */
    public enum Failure {
        MISSING,
        STALE,
        MISMATCH
    }

    private Signatures() {}

    public static String sign(String secret, String timestamp, byte[] payload) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp, payload));
    }

    /** Checks a request against every valid secret (two while one is rotated); {@code null} when authentic. */
    public static Failure check(List<String> secrets, String timestamp, String signature, byte[] payload, Instant now) {
        if (timestamp == null || signature == null || !signature.startsWith(PREFIX) || secrets.isEmpty()) {
            return Failure.MISSING;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return Failure.MISSING;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > WINDOW.toSeconds()) {
            return Failure.STALE;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException e) {
            return Failure.MISMATCH;
        }
        for (String secret : secrets) {
            if (MessageDigest.isEqual(hmac(secret, timestamp.strip(), payload), given)) {
                return null;
            }
        }
        return Failure.MISMATCH;
    }

    private static byte[] hmac(String secret, String timestamp, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(payload);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
