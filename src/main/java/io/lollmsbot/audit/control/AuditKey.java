package io.lollmsbot.audit.control;

import io.lollmsbot.common.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that keys the audit chain (HMAC-SHA256), kept outside the database so that someone who can write to the
 * database cannot recompute the chain after changing it. Every node of a cluster must use the same key: set
 * {@value #ENVIRONMENT} (at least {@value #MIN_LENGTH} characters) on each, or copy the key file that the first node
 * generated in its data directory ({@value #FILE}, 0600) to the others.
 */
public final class AuditKey {

    static final String ENVIRONMENT = "LOLLMSBOT_AUDIT_HMAC_KEY";
    static final String PROPERTY = "lollmsbot.audit.hmac-key";
    static final String FILE = "audit-hmac.key";
    static final int MIN_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    AuditKey(String secret) {
        if (secret.length() < MIN_LENGTH) {
            throw new IllegalStateException(
                    "The audit HMAC key (" + ENVIRONMENT + ") must have at least " + MIN_LENGTH + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    /**
     * The key from the environment or a system property, never from the settings table (that is in the database),
     * else from the key file in the data directory, generated there on first use.
     */
    static AuditKey load(Function<String, Optional<String>> environment, Path dataDirectory) {
        return new AuditKey(environment
                .apply(ENVIRONMENT)
                .or(() -> environment.apply(PROPERTY))
                .filter(value -> !value.isBlank())
                .orElseGet(() -> SecretFiles.readOrCreate(dataDirectory.resolve(FILE), 32)));
    }

    /** HMAC-SHA256 of the text, in lower-case hex. */
    public String mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Names the key without revealing it, so nodes and verifiers can tell whether they share it. */
    public String fingerprint() {
        return mac("lollmsbot audit key fingerprint").substring(0, 16);
    }
}
