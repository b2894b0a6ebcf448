package io.lollmsbot.common;

import java.util.Optional;

/**
 * The limits every JSON request body must keep, checked before any parser builds objects from it: nesting depth,
 * length of one string, and no NUL character (PostgreSQL text cannot hold it, so it is refused rather than silently
 * changed). Scans the raw UTF-8 bytes once, without recursion.
 */
public final class JsonLimits {

    /** Arrays and objects inside each other; the API's deepest document nests 4 levels. */
    public static final int MAX_DEPTH = 32;
    /** Bytes of one JSON string (the longest field, a Guardian scan text, allows 1,000,000 characters). */
    public static final int MAX_STRING_BYTES = 4 * 1_000_000;

    private JsonLimits() {}

    /** Why {@code json} breaks a limit, or empty when it keeps them all (syntax is left to the parser). */
    public static Optional<String> violation(byte[] json) {
        int depth = 0;
        boolean inString = false;
        int stringStart = 0;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    if (isEscapedNul(json, i)) {
                        return Optional.of("JSON strings must not contain the NUL character (\\u0000)");
                    }
                    i++;
                } else if (b == '"') {
                    inString = false;
                } else if (b == 0) {
                    return Optional.of("JSON strings must not contain the NUL character (\\u0000)");
                }
                if (i - stringStart > MAX_STRING_BYTES) {
                    return Optional.of("a JSON string is longer than " + MAX_STRING_BYTES + " bytes");
                }
            } else if (b == '"') {
                inString = true;
                stringStart = i;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    return Optional.of("JSON nests arrays and objects deeper than " + MAX_DEPTH + " levels");
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
        return Optional.empty();
    }

    private static boolean isEscapedNul(byte[] json, int backslash) {
        return backslash + 5 < json.length
                && json[backslash + 1] == 'u'
                && json[backslash + 2] == '0'
                && json[backslash + 3] == '0'
                && json[backslash + 4] == '0'
                && json[backslash + 5] == '0';
    }
}
