package io.lollmsbot.channels.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {

    private static final byte[] TIMESTAMP = "1800000000".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "{\"type\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureOverTimestampAndBodyVerifiesWithTheRawKeyOnly() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String signature = sign(pair, "1800000000{\"type\":1}");
        assertTrue(Ed25519.verifies(raw(pair), signature, TIMESTAMP, BODY));
        assertFalse(Ed25519.verifies(raw(pair), signature, TIMESTAMP, "{\"type\":2}".getBytes(StandardCharsets.UTF_8)));
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertFalse(Ed25519.verifies(raw(other), signature, TIMESTAMP, BODY));
    }

    @Test
    void malformedKeysAndSignaturesDoNotVerify() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String signature = sign(pair, "1800000000{\"type\":1}");
        assertFalse(Ed25519.verifies("zz", signature, TIMESTAMP, BODY));
        assertFalse(Ed25519.verifies(raw(pair).substring(2), signature, TIMESTAMP, BODY));
        assertFalse(Ed25519.verifies(raw(pair), signature.substring(2), TIMESTAMP, BODY));
        assertFalse(Ed25519.verifies(raw(pair), "not hex", TIMESTAMP, BODY));
    }

    private static String sign(KeyPair pair, String message) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(pair.getPrivate());
        signer.update(message.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(signer.sign());
    }

    private static String raw(KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }
}
