package io.lollmsbot.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.guardian.control.SecretScanner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamingRedactorTest {

    private static final String SECRET = "sk-9fJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0dE2fG4hJ6kL8mN0pQ";
    private static final UnaryOperator<String> REDACT = text -> text.replaceAll("sk-[A-Za-z0-9]+", "[REDACTED]");
    private static final String PROSE = "word ".repeat(200);

    private final List<String> seen = new ArrayList<>();
    private final StreamingRedactor redactor = new StreamingRedactor(REDACT, seen::add);

    @Test
    void holdsBackShortTextUntilTheEnd() {
        redactor.accept("Hello ");
        redactor.accept("world");

        assertEquals(List.of(), seen);
        redactor.finish();
        assertEquals(List.of("Hello world"), seen);
    }

    @Test
    void passesTextOnAtAWhitespaceBoundaryAtLeastTheHoldbackBehind() {
        redactor.accept(PROSE);

        assertEquals(1, seen.size());
        String passed = seen.get(0);
        assertTrue(passed.endsWith(" "), "cut only at whitespace");
        assertTrue(PROSE.length() - passed.length() >= StreamingRedactor.HOLDBACK, "the newest text is held back");
        redactor.finish();
        assertEquals(PROSE, String.join("", seen));
    }

    @Test
    void aSecretArrivingCharacterByCharacterIsRedactedWhole() {
        String reply = PROSE + "the key is " + SECRET + " and " + PROSE;
        reply.chars().forEach(c -> redactor.accept(Character.toString(c)));
        redactor.finish();

        assertEquals(REDACT.apply(reply), String.join("", seen));
        for (String chunk : seen) {
            assertFalse(chunk.contains("sk-"), "no piece of the secret is ever passed on: " + chunk);
        }
    }

    @Test
    void anOpenPemBlockIsHeldUntilItEnds() {
        String pem =
                "-----BEGIN PRIVATE KEY-----\n" + "MIIEowIBAAKCAQEA7V2x\n".repeat(40) + "-----END PRIVATE KEY-----";
        StreamingRedactor pemRedactor = new StreamingRedactor(
                text -> text.replaceAll("(?s)-----BEGIN PRIVATE KEY-----.*?-----END PRIVATE KEY-----", "[PEM]"),
                seen::add);

        pemRedactor.accept(PROSE + pem.substring(0, pem.length() - 30));
        assertFalse(String.join("", seen).contains("BEGIN"), "an unfinished block is never passed on");
        pemRedactor.accept(pem.substring(pem.length() - 30) + " " + PROSE);
        pemRedactor.finish();

        assertEquals(PROSE + "[PEM] " + PROSE, String.join("", seen));
    }

    @Test
    void textThatRedactsToNothingIsNotPassedOn() {
        StreamingRedactor dropping = new StreamingRedactor(text -> "", seen::add);
        dropping.accept(PROSE);
        dropping.finish();

        assertEquals(List.of(), seen);
    }

    @Test
    void finishingTwiceSendsNothingMore() {
        redactor.accept("short");
        redactor.finish();
        redactor.finish();

        assertEquals(List.of("short"), seen);
    }

    /** Fed one character at a time, so every whitespace boundary inside the label and value is offered as a cut. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "aws_secret_access_key   =   wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "Authorization: Bearer 9fJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0d"
            })
    void aSecretWhoseLabelIsSeparatedByWhitespaceIsNeverPassedOn(String secretLine) {
        String filler = "word ".repeat(150);
        String reply = filler + secretLine + " " + filler;
        StringBuilder out = new StringBuilder();
        SecretScanner scanner = new SecretScanner();
        StreamingRedactor redactor =
                new StreamingRedactor(text -> scanner.redact(text).text(), out::append);
        for (int i = 0; i < reply.length(); i++) {
            redactor.accept(reply.substring(i, i + 1));
        }
        redactor.finish();

        String value = secretLine.substring(secretLine.lastIndexOf(' ') + 1);
        assertFalse(out.toString().contains(value), out::toString);
        assertEquals(scanner.redact(reply).text(), out.toString());
    }
}
