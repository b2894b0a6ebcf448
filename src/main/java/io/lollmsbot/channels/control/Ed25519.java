package io.lollmsbot.channels.control;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * Ed25519 signature checks with the JDK's EdDSA, for keys given raw (32 bytes in hex, as Discord shows them): the
 * raw key is wrapped in the fixed X.509 header of an Ed25519 SubjectPublicKeyInfo.
 */
final class Ed25519 {

    private static final byte[] X509_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {}

    /** Whether {@code signatureHex} signs {@code first} followed by {@code second}; false for malformed input. */
    static boolean verifies(String publicKeyHex, String signatureHex, byte[] first, byte[] second) {
        try {
            byte[] raw = HexFormat.of().parseHex(publicKeyHex);
            byte[] signature = HexFormat.of().parseHex(signatureHex);
            if (raw.length != 32 || signature.length != 64) {
                return false;
            }
            byte[] encoded = new byte[X509_HEADER.length + raw.length];
            System.arraycopy(X509_HEADER, 0, encoded, 0, X509_HEADER.length);
            System.arraycopy(raw, 0, encoded, X509_HEADER.length, raw.length);
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(first);
            verifier.update(second);
            return verifier.verify(signature);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
