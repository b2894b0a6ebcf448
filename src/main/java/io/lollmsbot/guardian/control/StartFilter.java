package io.lollmsbot.guardian.control;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which (previous char, char) pairs of ASCII can begin a match of a pattern, so that rules tried from every start
 * before a keyword skip most starts with one table lookup. Built by probing: an attempt on {@code "x" + p + c}
 * from index 2 that fails without hitting the end of the input ({@link Matcher#hitEnd()}: more input could not
 * change the result) and without reading index 0 fails at every start with the same two characters. Texts starting
 * at index 0 and non-ASCII characters are always tried. Immutable and thread-safe.
 */
final class StartFilter {

    private static final int ASCII = 128;

    private static final Map<Pattern, StartFilter> CACHE = new ConcurrentHashMap<>();

    private final boolean[] impossible = new boolean[ASCII * ASCII]; // previous * ASCII + char

    /** The filter of a pattern; built once per pattern (the rule table is static, and scanners share it). */
    static StartFilter of(Pattern pattern) {
        return CACHE.computeIfAbsent(pattern, StartFilter::new);
    }

    private StartFilter(Pattern pattern) {
        Matcher matcher = pattern.matcher("");
        for (int c = 0; c < ASCII; c++) {
            if (fails(matcher, ' ', (char) c, 2)) { // never looked at the previous char: the same for all of them
                for (int p = 0; p < ASCII; p++) {
                    impossible[p * ASCII + c] = true;
                }
                continue;
            }
            for (int p = 0; p < ASCII; p++) {
                impossible[p * ASCII + c] = fails(matcher, (char) p, (char) c, 1);
            }
        }
    }

    /**
     * Whether the attempt on {@code "x" + previous + c} from index 2 fails, hits no end and reads nothing below
     * {@code lowest}. The probe uses the scanner's own {@link ReadSpans.TrackingText} so that the regex engine's
     * char reads keep seeing only two CharSequence classes (a third would make those calls megamorphic).
     */
    private static boolean fails(Matcher matcher, char previous, char c, int lowest) {
        ReadSpans.TrackingText text = new ReadSpans.TrackingText(new String(new char[] {'x', previous, c}));
        matcher.reset(text).useTransparentBounds(true).useAnchoringBounds(false).region(2, 3);
        text.reset();
        return !matcher.lookingAt() && !matcher.hitEnd() && text.low() >= lowest;
    }

    /** Whether a match may start at {@code start} of {@code text}. */
    boolean mayStart(CharSequence text, int start) {
        if (start == 0) {
            return true;
        }
        char previous = text.charAt(start - 1);
        char c = text.charAt(start);
        return previous >= ASCII || c >= ASCII || !impossible[previous * ASCII + c];
    }
}
