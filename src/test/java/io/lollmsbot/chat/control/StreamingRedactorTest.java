package io.lollmsbot.chat.control;

import io.lollmsbot.guardian.control.SecretScanner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StreamingRedactorTest {

    private final SecretScanner scanner = new SecretScanner();

    /** Fed one character at a time, so every whitespace boundary inside the label and value is offered as a cut. */
    @ParameterizedTest
    @ValueSource(strings = {
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "aws_secret_access_key   =   wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "Authorization: Bearer 9fJ2kL4mN6pQ8rS0tU2vW4xY6zA8bC0d"
    })
    void aSecretWhoseLabelIsSeparatedByWhitespaceIsNeverPassedOn(String secretLine) {
        String filler = "word ".repeat(150);
        String reply = filler + secretLine + " " + filler;
        StringBuilder out = new StringBuilder();
        StreamingRedactor redactor = new StreamingRedactor(text -> scanner.redact(text).text(), out::append);
        for (int i = 0; i < reply.length(); i++) {
            redactor.accept(reply.substring(i, i + 1));
        }
        redactor.finish();

        String value = secretLine.substring(secretLine.lastIndexOf(' ') + 1);
        assertFalse(out.toString().contains(value), out::toString);
        assertEquals(scanner.redact(reply).text(), out.toString());
    }
}
