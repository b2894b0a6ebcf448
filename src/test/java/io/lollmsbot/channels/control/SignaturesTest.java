package io.lollmsbot.channels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    private static final String SECRET = "generic-secret-0123456789";
    private static final byte[] BODY =
            "{\"id\":\"e1\",\"user\":\"alice\",\"text\":\"hi\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final String TS = Long.toString(NOW.getEpochSecond());

    @Test
    void aKnownVectorMatchesTheDocumentedScheme() {
        // printf '1800000000.hello' | openssl dgst -sha256 -hmac key
        assertEquals(
                "sha256=d3c9cf39d5d901d7e6df503c4666dd0c1623afe5859315d92567533045d87d39",
                Signatures.sign(
                        Signatures.Scheme.LOLLMSBOT, "key", "1800000000", "hello".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void slacksSchemeSignsV0WithColons() {
        // printf 'v0:1800000000:hello' | openssl dgst -sha256 -hmac key
        assertEquals(
                "v0=b955ca76d203e184484eb870d7f8d64592b317883e5181f5e8886862f4eca861",
                Signatures.sign(
                        Signatures.Scheme.SLACK, "key", "1800000000", "hello".getBytes(StandardCharsets.UTF_8)));
        String ts = "1800000000";
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String slack = Signatures.sign(Signatures.Scheme.SLACK, "key", ts, body);
        assertNull(Signatures.check(Signatures.Scheme.SLACK, List.of("key"), ts, slack, body, NOW));
        assertEquals(
                Signatures.Failure.MISSING,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of("key"), ts, slack, body, NOW));
    }

    @Test
    void aSignedRequestWithinTheWindowIsAuthentic() {
        String signature = Signatures.sign(Signatures.Scheme.LOLLMSBOT, SECRET, TS, BODY);
        assertNull(Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), TS, signature, BODY, NOW));
        assertNull(Signatures.check(
                Signatures.Scheme.LOLLMSBOT, List.of(SECRET), TS, signature, BODY, NOW.plusSeconds(300)));
        assertNull(Signatures.check(
                Signatures.Scheme.LOLLMSBOT,
                List.of(SECRET),
                TS,
                signature.toUpperCase().replace("SHA256=", "sha256="),
                BODY,
                NOW));
    }

    @Test
    void duringRotationEitherSecretVerifies() {
        String old = "old-generic-secret-0123";
        assertNull(Signatures.check(
                Signatures.Scheme.LOLLMSBOT,
                List.of(SECRET, old),
                TS,
                Signatures.sign(Signatures.Scheme.LOLLMSBOT, old, TS, BODY),
                BODY,
                NOW));
        assertEquals(
                Signatures.Failure.MISMATCH,
                Signatures.check(
                        Signatures.Scheme.LOLLMSBOT,
                        List.of(SECRET),
                        TS,
                        Signatures.sign(Signatures.Scheme.LOLLMSBOT, old, TS, BODY),
                        BODY,
                        NOW));
    }

    @Test
    void aChangedBodyOrTimestampDoesNotMatch() {
        String signature = Signatures.sign(Signatures.Scheme.LOLLMSBOT, SECRET, TS, BODY);
        byte[] changed = "{\"id\":\"e1\",\"user\":\"alice\",\"text\":\"hI\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals(
                Signatures.Failure.MISMATCH,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), TS, signature, changed, NOW));
        String later = Long.toString(NOW.getEpochSecond() + 1);
        assertEquals(
                Signatures.Failure.MISMATCH,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), later, signature, BODY, NOW));
        assertEquals(
                Signatures.Failure.MISMATCH,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), TS, "sha256=zz", BODY, NOW));
    }

    @Test
    void aTimestampOutsideTheWindowIsStale() {
        String old = Long.toString(NOW.getEpochSecond() - 301);
        assertEquals(
                Signatures.Failure.STALE,
                Signatures.check(
                        Signatures.Scheme.LOLLMSBOT,
                        List.of(SECRET),
                        old,
                        Signatures.sign(Signatures.Scheme.LOLLMSBOT, SECRET, old, BODY),
                        BODY,
                        NOW));
        String future = Long.toString(NOW.getEpochSecond() + 301);
        assertEquals(
                Signatures.Failure.STALE,
                Signatures.check(
                        Signatures.Scheme.LOLLMSBOT,
                        List.of(SECRET),
                        future,
                        Signatures.sign(Signatures.Scheme.LOLLMSBOT, SECRET, future, BODY),
                        BODY,
                        NOW));
    }

    @Test
    void missingPartsAreMissing() {
        String signature = Signatures.sign(Signatures.Scheme.LOLLMSBOT, SECRET, TS, BODY);
        assertEquals(
                Signatures.Failure.MISSING,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), null, signature, BODY, NOW));
        assertEquals(
                Signatures.Failure.MISSING,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), TS, null, BODY, NOW));
        assertEquals(
                Signatures.Failure.MISSING,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), "soon", signature, BODY, NOW));
        assertEquals(
                Signatures.Failure.MISSING,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(SECRET), TS, "md5=00", BODY, NOW));
        assertEquals(
                Signatures.Failure.MISSING,
                Signatures.check(Signatures.Scheme.LOLLMSBOT, List.of(), TS, signature, BODY, NOW));
    }
}
