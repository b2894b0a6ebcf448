package io.lollmsbot.audit.control;

import io.lollmsbot.audit.entity.AuditEntry;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The rules a verification applies, fed the rows in order (plain Java, so each tampering case has a unit test):
 * <ul>
 *   <li>rows are numbered without gaps from the starting point (the genesis, or the newest retention checkpoint, whose
 *       HMAC must match when it has one), and each links to the hash before it;
 *   <li>unkeyed rows (written before the chain was keyed) must match their SHA-256 and may only come before the
 *       switch-over; the first keyed row must be the {@link AuditChain#KEYED_MARKER} naming this key and, unless the
 *       chain starts at a keyed checkpoint, the unkeyed checkpoint it starts from, so a faked checkpoint without HMAC
 *       cannot stand in front of keyed rows (after a keyed checkpoint the marker may be gone: retention deleted it);
 *   <li>keyed rows must match their HMAC, so a changed row cannot be hidden by recomputing the later hashes;
 *   <li>anchors (the newest stored one, HMAC-checked, and one a verifier kept) must still find their row with their
 *       hash, so rows deleted from the end show.
 * </ul>
 */
final class ChainVerifier {

    /** The newest retention checkpoint: the chain continues after {@code lastSeq}. */
    record Start(long checkpointId, long lastSeq, String rowHash, String mac) {}

    record SignedAnchor(long seq, String rowHash, String mac) {}

    private final AuditKey key;
    private final long startSeq;
    private final long startCheckpointId;
    private final boolean trustedStart;
    private boolean sawUnkeyed;
    private String expectedPrev;
    private long expectedSeq;
    private boolean keyed;
    private long checked;
    private Long keyedSinceId;
    private Long brokenId;
    private String reason;

    ChainVerifier(AuditKey key, Start start) {
        this.key = key;
        if (start == null) {
            startSeq = 0;
            startCheckpointId = 0;
            trustedStart = false;
            expectedPrev = AuditChain.GENESIS;
        } else {
            startSeq = start.lastSeq();
            startCheckpointId = start.checkpointId();
            trustedStart = start.mac() != null;
            expectedPrev = start.rowHash();
            if (trustedStart
                    && !AuditChain.checkpointMac(key, start.lastSeq(), start.rowHash())
                            .equals(start.mac())) {
                fail(null, "retention checkpoint " + start.checkpointId() + " does not carry this key's HMAC");
            }
        }
        expectedSeq = startSeq + 1;
    }

    /** Why the chain is broken so far, or null. */
    String broken() {
        return reason;
    }

    void accept(AuditEntry entry) {
        if (reason != null) {
            return;
        }
        if (entry.seq() != expectedSeq) {
            fail(
                    entry.id(),
                    "row " + entry.id() + " is number " + entry.seq() + " where " + expectedSeq
                            + " was expected: rows before it are missing");
        } else if (!expectedPrev.equals(entry.prevHash())) {
            fail(entry.id(), "row " + entry.id() + " does not link to the row before it");
        } else if (entry.keyed()) {
            acceptKeyed(entry);
        } else if (keyed) {
            fail(entry.id(), "row " + entry.id() + " has no HMAC but comes after the switch-over to the keyed chain");
        } else if (!AuditChain.rowHash(entry.prevHash(), entry.occurredAt(), entry.event())
                .equals(entry.rowHash())) {
            fail(entry.id(), "row " + entry.id() + " does not match its hash");
        } else {
            sawUnkeyed = true;
        }
        if (reason == null) {
            expectedPrev = entry.rowHash();
            expectedSeq++;
            checked++;
        }
    }

    private void acceptKeyed(AuditEntry entry) {
        if (!keyed) {
            boolean marker = AuditChain.KEYED_MARKER.equals(entry.event().type());
            // after a keyed checkpoint, retention may have deleted the marker: the first row may be any keyed row
            if (!marker && !(trustedStart && checked == 0)) {
                fail(entry.id(), "row " + entry.id() + " starts keyed rows without the switch-over marker");
                return;
            }
            if (marker && !markerMatches(entry.event().target())) {
                fail(
                        entry.id(),
                        "the switch-over marker (row " + entry.id() + ") names "
                                + entry.event().target()
                                + ", this chain expects key=" + key.fingerprint()
                                + (trustedStart ? "" : " checkpoint=" + startCheckpointId)
                                + " (another key, or a faked checkpoint)");
                return;
            }
            keyedSinceId = marker ? entry.id() : null;
            keyed = true;
        }
        if (!AuditChain.keyedRowHash(key, entry.seq(), entry.prevHash(), entry.occurredAt(), entry.event())
                .equals(entry.rowHash())) {
            fail(entry.id(), "row " + entry.id() + " does not match its HMAC");
        }
    }

    private boolean markerMatches(String target) {
        String keyPart = "key=" + key.fingerprint() + " checkpoint=";
        return trustedStart
                ? target != null && target.startsWith(keyPart)
                : (keyPart + startCheckpointId).equals(target);
    }

    /** A stored anchor must carry this key's HMAC and still find its row. */
    void compare(SignedAnchor anchor, LongFunction<Optional<String>> hashOfSeq) {
        if (reason == null
                && !AuditChain.anchorMac(key, anchor.seq(), anchor.rowHash()).equals(anchor.mac())) {
            fail(null, "the newest anchor (" + anchor.seq() + " rows) does not carry this key's HMAC");
        }
        compareUnsigned(anchor.seq(), anchor.rowHash(), hashOfSeq);
    }

    /**
     * An anchor's row must still be there with the anchored hash (rows appended after the walk are looked up, not
     * taken for missing); rows that retention deleted behind the checkpoint are not compared.
     */
    void compareUnsigned(long seq, String rowHash, LongFunction<Optional<String>> hashOfSeq) {
        if (reason != null || seq <= startSeq) {
            return;
        }
        Optional<String> found = hashOfSeq.apply(seq);
        if (found.isEmpty()) {
            fail(null, "row number " + seq + " of an anchor is missing: rows were deleted from the end of the chain");
        } else if (!found.get().equals(rowHash)) {
            fail(null, "row number " + seq + " no longer has the hash its anchor recorded");
        }
    }

    AuditLog.Verification result() {
        if (reason == null && trustedStart && sawUnkeyed && !keyed) {
            fail(null, "rows without HMAC follow a keyed checkpoint and never reach the switch-over marker");
        }
        return reason == null
                ? new AuditLog.Verification(true, checked, null, null, keyedSinceId, null)
                : AuditLog.Verification.broken(checked, brokenId, reason);
    }

    private void fail(Long id, String why) {
        brokenId = id;
        reason = why;
    }
}
