package io.lollmsbot.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.audit.entity.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditChainTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00.123456Z");
    private static final AuditEvent EVENT = AuditEvent.of("alice", "guardian.blocked", "chat")
            .withVerdict("block", 0.93, "override.ignore-previous")
            .withContent(AuditChain.sha256("ignore all previous instructions"), 32)
            .withRequestId("req-1");

    @Test
    void sha256IsTheStandardDigestInLowerCaseHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AuditChain.sha256("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditChain.sha256(""));
    }

    @Test
    void theFirstRowLinksToAllZeros() {
        assertEquals("0".repeat(64), AuditChain.GENESIS);
    }

    @Test
    void theRowHashIsStable() {
        assertEquals(
                AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT), AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT));
        assertTrue(AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT).matches("[0-9a-f]{64}"));
    }

    @Test
    void changingAnyFieldOrThePreviousHashChangesTheRowHash() {
        List<String> hashes = List.of(
                AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT),
                AuditChain.rowHash(AuditChain.sha256("another row"), AT, EVENT),
                AuditChain.rowHash(AuditChain.GENESIS, AT.plusNanos(1_000), EVENT),
                AuditChain.rowHash(
                        AuditChain.GENESIS,
                        AT,
                        AuditEvent.of("mallory", EVENT.type(), EVENT.target())
                                .withVerdict(EVENT.verdict(), EVENT.score(), EVENT.ruleIds())
                                .withContent(EVENT.contentHash(), EVENT.contentLength())
                                .withRequestId(EVENT.requestId())),
                AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT.withVerdict("flag", EVENT.score(), EVENT.ruleIds())),
                AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT.withVerdict(EVENT.verdict(), 0.94, EVENT.ruleIds())),
                AuditChain.rowHash(
                        AuditChain.GENESIS, AT, EVENT.withVerdict(EVENT.verdict(), EVENT.score(), "other.rule")),
                AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT.withContent(EVENT.contentHash(), 33)),
                AuditChain.rowHash(AuditChain.GENESIS, AT, EVENT.withRequestId("req-2")));

        Set<String> distinct = hashes.stream().collect(Collectors.toSet());
        assertEquals(hashes.size(), distinct.size());
    }

    @Test
    void fieldsCannotBeShiftedIntoTheirNeighbours() {
        String split = AuditChain.rowHash(AuditChain.GENESIS, AT, AuditEvent.of("ab", "c", "t"));
        String shifted = AuditChain.rowHash(AuditChain.GENESIS, AT, AuditEvent.of("a", "bc", "t"));

        assertNotEquals(split, shifted);
    }

    @Test
    void aMissingValueIsNotTheEmptyString() {
        String missing = AuditChain.rowHash(AuditChain.GENESIS, AT, AuditEvent.of("alice", "login", "alice"));
        String empty = AuditChain.rowHash(
                AuditChain.GENESIS, AT, AuditEvent.of("alice", "login", "alice").withRequestId(""));

        assertNotEquals(missing, empty);
    }

    @Test
    void aChainDetectsARemovedRow() {
        AuditEvent first = AuditEvent.of("alice", "login", "alice");
        AuditEvent second = AuditEvent.of("alice", "setting.changed", "lollmsbot.cors.origins");
        AuditEvent third = AuditEvent.of("admin", "user.deleted", "bob");
        String h1 = AuditChain.rowHash(AuditChain.GENESIS, AT, first);
        String h2 = AuditChain.rowHash(h1, AT.plusSeconds(1), second);
        String h3 = AuditChain.rowHash(h2, AT.plusSeconds(2), third);

        // without the second row, the third row's hash no longer follows from the first
        assertNotEquals(h3, AuditChain.rowHash(h1, AT.plusSeconds(2), third));
    }
}
