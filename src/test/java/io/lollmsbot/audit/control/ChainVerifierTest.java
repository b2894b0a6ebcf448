package io.lollmsbot.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.audit.entity.AuditEvent;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three things an attacker with database access would do, and the switch-over from the unkeyed chain. */
class ChainVerifierTest {

    private static final AuditKey KEY = new AuditKey("k".repeat(40));
    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void anUntouchedChainWithUnkeyedRowsBeforeTheMarkerIsValid() {
        List<AuditEntry> chain = new ArrayList<>();
        appendUnkeyed(chain, 3);
        appendKeyed(chain, "key=" + KEY.fingerprint() + " checkpoint=0", AuditChain.KEYED_MARKER);
        appendKeyed(chain, "t", "user.login");
        AuditLog.Verification result = verify(null, chain);
        assertTrue(result.valid(), result::toString);
        assertEquals(5, result.checked());
        assertEquals(4L, result.keyedSinceId());
    }

    @Test
    void editingARowAndRecomputingTheLaterHashesIsFound() {
        List<AuditEntry> chain = keyedChain(5);
        // without the key, the attacker recomputes plain SHA-256 hashes from row 3 on
        List<AuditEntry> forged = new ArrayList<>(chain.subList(0, 2));
        for (AuditEntry original : chain.subList(2, 5)) {
            AuditEvent event = original.id() == 3 ? AuditEvent.of("mallory", "user.login", "t") : original.event();
            String prev = forged.get(forged.size() - 1).rowHash();
            forged.add(entry(original.id(), original.seq(), true, prev, AuditChain.sha256(prev + event), event));
        }
        AuditLog.Verification result = verify(null, forged);
        assertFalse(result.valid());
        assertEquals(3L, result.firstBrokenId());
        assertTrue(result.reason().contains("HMAC"), result.reason());
    }

    @Test
    void deletingTheNewestRowsIsFoundAgainstAnAnchor() {
        List<AuditEntry> chain = keyedChain(6);
        AuditEntry head = chain.get(5);
        ChainVerifier verifier = new ChainVerifier(KEY, null);
        List<AuditEntry> truncated = chain.subList(0, 4);
        truncated.forEach(verifier::accept);
        assertTrue(verifier.result().valid(), "the rest of the chain alone still links");
        verifier.compare(
                new ChainVerifier.SignedAnchor(
                        head.seq(), head.rowHash(), AuditChain.anchorMac(KEY, head.seq(), head.rowHash())),
                seq -> lookup(truncated, seq));
        AuditLog.Verification result = verifier.result();
        assertFalse(result.valid());
        assertNull(result.firstBrokenId());
        assertTrue(result.reason().contains("deleted from the end"), result.reason());
    }

    @Test
    void aForgedAnchorIsFound() {
        List<AuditEntry> chain = keyedChain(3);
        ChainVerifier verifier = new ChainVerifier(KEY, null);
        chain.forEach(verifier::accept);
        verifier.compare(
                new ChainVerifier.SignedAnchor(2, chain.get(1).rowHash(), "0".repeat(64)), seq -> lookup(chain, seq));
        assertFalse(verifier.result().valid());
    }

    @Test
    void deletingAPrefixBehindAFakedCheckpointIsFound() {
        List<AuditEntry> chain = keyedChain(6);
        AuditEntry lastDeleted = chain.get(2);
        // a checkpoint without the key's HMAC (as earlier versions wrote them)
        AuditLog.Verification unkeyed =
                verify(new ChainVerifier.Start(7, lastDeleted.seq(), lastDeleted.rowHash(), null), chain.subList(3, 6));
        assertFalse(unkeyed.valid());
        assertEquals(4L, unkeyed.firstBrokenId());
        // a checkpoint with an HMAC the attacker could not compute
        AuditLog.Verification forged = verify(
                new ChainVerifier.Start(7, lastDeleted.seq(), lastDeleted.rowHash(), "1".repeat(64)),
                chain.subList(3, 6));
        assertFalse(forged.valid());
        assertTrue(forged.reason().contains("checkpoint"), forged.reason());
        // the real checkpoint that retention writes verifies
        AuditLog.Verification genuine = verify(
                new ChainVerifier.Start(
                        7,
                        lastDeleted.seq(),
                        lastDeleted.rowHash(),
                        AuditChain.checkpointMac(KEY, lastDeleted.seq(), lastDeleted.rowHash())),
                chain.subList(3, 6));
        assertTrue(genuine.valid(), genuine::toString);
    }

    @Test
    void aKeyedCheckpointCutBeforeTheMarkerStaysValidButNotWhenTheRestIsRewrittenWithoutTheKey() {
        List<AuditEntry> chain = new ArrayList<>();
        appendUnkeyed(chain, 3);
        appendKeyed(chain, "key=" + KEY.fingerprint() + " checkpoint=0", AuditChain.KEYED_MARKER);
        appendKeyed(chain, "t", "user.login");
        AuditEntry cut = chain.get(0);
        ChainVerifier.Start keyedCheckpoint = new ChainVerifier.Start(
                3, cut.seq(), cut.rowHash(), AuditChain.checkpointMac(KEY, cut.seq(), cut.rowHash()));
        AuditLog.Verification valid = verify(keyedCheckpoint, chain.subList(1, 5));
        assertTrue(valid.valid(), valid::toString);
        assertEquals(4L, valid.keyedSinceId());

        List<AuditEntry> rewritten = new ArrayList<>(chain.subList(0, 1));
        appendUnkeyed(rewritten, 4);
        AuditLog.Verification broken = verify(keyedCheckpoint, rewritten.subList(1, 5));
        assertFalse(broken.valid());
        assertTrue(broken.reason().contains("never reach the switch-over marker"), broken.reason());
    }

    @Test
    void deletingARowWithoutACheckpointIsFound() {
        List<AuditEntry> chain = new ArrayList<>(keyedChain(4));
        chain.remove(0);
        AuditLog.Verification result = verify(null, chain);
        assertFalse(result.valid());
        assertEquals(2L, result.firstBrokenId());
    }

    @Test
    void anUnkeyedRowAfterTheSwitchOverAndKeyedRowsWithoutTheMarkerAreFound() {
        List<AuditEntry> chain = keyedChain(2);
        appendUnkeyed(chain, 1);
        assertEquals(3L, verify(null, chain).firstBrokenId());

        List<AuditEntry> noMarker = new ArrayList<>();
        appendKeyed(noMarker, "t", "user.login");
        assertEquals(1L, verify(null, noMarker).firstBrokenId());
    }

    @Test
    void rowsWrittenWithAnotherKeyAreNamedAsSuch() {
        List<AuditEntry> chain = keyedChain(2);
        AuditLog.Verification result = new ChainVerifierFixture(new AuditKey("o".repeat(40))).verify(chain);
        assertFalse(result.valid());
        assertTrue(result.reason().contains("another key"), result.reason());
    }

    private record ChainVerifierFixture(AuditKey key) {
        AuditLog.Verification verify(List<AuditEntry> rows) {
            ChainVerifier verifier = new ChainVerifier(key, null);
            rows.forEach(verifier::accept);
            return verifier.result();
        }
    }

    private static AuditLog.Verification verify(ChainVerifier.Start start, List<AuditEntry> rows) {
        ChainVerifier verifier = new ChainVerifier(KEY, start);
        rows.forEach(verifier::accept);
        return verifier.result();
    }

    private static List<AuditEntry> keyedChain(int rows) {
        List<AuditEntry> chain = new ArrayList<>();
        appendKeyed(chain, "key=" + KEY.fingerprint() + " checkpoint=0", AuditChain.KEYED_MARKER);
        for (int i = 1; i < rows; i++) {
            appendKeyed(chain, "target-" + i, "user.login");
        }
        return chain;
    }

    private static void appendKeyed(List<AuditEntry> chain, String target, String type) {
        long seq = chain.size() + 1;
        String prev = chain.isEmpty()
                ? AuditChain.GENESIS
                : chain.get(chain.size() - 1).rowHash();
        AuditEvent event = AuditEvent.of("alice", type, target);
        chain.add(entry(seq, seq, true, prev, AuditChain.keyedRowHash(KEY, seq, prev, AT, event), event));
    }

    private static void appendUnkeyed(List<AuditEntry> chain, int rows) {
        for (int i = 0; i < rows; i++) {
            long seq = chain.size() + 1;
            String prev = chain.isEmpty()
                    ? AuditChain.GENESIS
                    : chain.get(chain.size() - 1).rowHash();
            AuditEvent event = AuditEvent.of("alice", "guardian.scan", "legacy-" + seq);
            chain.add(entry(seq, seq, false, prev, AuditChain.rowHash(prev, AT, event), event));
        }
    }

    private static Optional<String> lookup(List<AuditEntry> rows, long seq) {
        return rows.stream()
                .filter(e -> e.seq() == seq)
                .map(AuditEntry::rowHash)
                .findFirst();
    }

    private static AuditEntry entry(long id, long seq, boolean keyed, String prev, String hash, AuditEvent event) {
        AuditEntry entry = new AuditEntry(event, AT, seq, keyed, prev, hash);
        try {
            Field field = AuditEntry.class.getDeclaredField("id");
            field.setAccessible(true);
            field.set(entry, id);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return entry;
    }
}
