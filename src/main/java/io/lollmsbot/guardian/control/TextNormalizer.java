package io.lollmsbot.guardian.control;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Turns raw text into the form the rules match against: NFKC, invisible characters removed, Cyrillic/Greek
 * look-alikes folded to Latin, escaped line breaks unescaped, whitespace collapsed (line breaks kept), lower case.
 * Leetspeak is folded in separate variants so that plain numbers stay untouched in the main form.
 * Also finds base64 and hex blobs that decode to readable text, so the decoded text can be scanned too.
 */
public final class TextNormalizer {

    /**
     * The matching form of a text and what was removed or folded on the way. {@code leetTokens} holds the
     * [start, end) offsets (pairs) of the words that the leet variants changed; the variants have the same length as
     * {@code text} and differ from it only there.
     */
    public record Normalized(
            String text, List<String> leetVariants, int invisibleChars, int homoglyphs, int[] leetTokens) {

        public Normalized(String text, List<String> leetVariants, int invisibleChars, int homoglyphs) {
            this(text, leetVariants, invisibleChars, homoglyphs, new int[0]);
        }
    }

    /** A blob found in the raw text and the readable text it decodes to. */
    public record DecodedPayload(Encoding encoding, String text) {}

    public enum Encoding {
        BASE64,
        HEX
    }

    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int TAG_FIRST = 0xE0020;
    private static final int TAG_LAST = 0xE007E;
    private static final int MAX_PAYLOADS = 16;
    private static final int MIN_BASE64 = 20;
    private static final int MIN_HEX = 20;

    private static final int HOMOGLYPH_FIRST = 0x370;
    private static final char[] HOMOGLYPHS = homoglyphs();

    public Normalized normalize(String raw) {
        String source = raw == null ? "" : raw;
        String nfkc = isAscii(source) ? source : Normalizer.normalize(source, Normalizer.Form.NFKC);
        int length = nfkc.length();
        StringBuilder out = new StringBuilder(length);
        int invisible = 0;
        int homoglyphs = 0;
        boolean pendingSpace = false;
        boolean pendingNewline = false;
        // leetspeak tokens, found in the same pass: runs of letters, digits, '@' and '$' that mix letters with
        // digits or symbols ("1gn0re", not "2021" or "word")
        int[] tokens = new int[8];
        int tokenCount = 0;
        int tokenStart = -1;
        boolean tokenLetter = false;
        boolean tokenLeet = false;
        boolean leetOne = false;
        boolean tokenOne = false;
        for (int i = 0; i < length; ) {
            int cp = nfkc.charAt(i);
            if (Character.isHighSurrogate((char) cp)) {
                cp = nfkc.codePointAt(i);
            }
            i += Character.charCount(cp);
            if (cp == '\\' && i < length && "nrt".indexOf(nfkc.charAt(i)) >= 0) {
                pendingNewline |= nfkc.charAt(i) != 't';
                pendingSpace = true;
                i++;
                continue;
            }
            int folded;
            if (cp < 0x80) {
                if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F)) {
                    pendingSpace = true;
                    pendingNewline |= cp == '\n' || cp == '\r';
                    continue;
                }
                folded = cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
            } else {
                if (cp >= TAG_FIRST && cp <= TAG_LAST) {
                    cp -= 0xE0000; // Unicode tag characters smuggle ASCII invisibly
                    invisible++;
                } else if (Character.getType(cp) == Character.FORMAT) {
                    if (cp != ZERO_WIDTH_JOINER) {
                        invisible++;
                    }
                    continue;
                }
                if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                    pendingSpace = true;
                    pendingNewline |= cp == '\n' || cp == '\r';
                    continue;
                }
                folded = Character.toLowerCase(cp);
                int index = folded - HOMOGLYPH_FIRST;
                if (index >= 0 && index < HOMOGLYPHS.length && HOMOGLYPHS[index] != 0) {
                    homoglyphs++;
                    folded = HOMOGLYPHS[index];
                }
            }
            if (pendingSpace && out.length() > 0) {
                out.append(pendingNewline ? '\n' : ' ');
                if (tokenStart >= 0) {
                    if (tokenLetter && tokenLeet) {
                        tokens = push(tokens, tokenCount, tokenStart, out.length() - 1);
                        tokenCount += 2;
                        leetOne |= tokenOne;
                    }
                    tokenStart = -1;
                }
            }
            pendingSpace = false;
            pendingNewline = false;
            boolean letter = folded < 0x80 ? (folded >= 'a' && folded <= 'z') : Character.isLetter(folded);
            boolean leet = !letter && ((folded >= '0' && folded <= '9') || folded == '@' || folded == '$');
            if (letter || leet) {
                if (tokenStart < 0) {
                    tokenStart = out.length();
                    tokenLetter = false;
                    tokenLeet = false;
                    tokenOne = false;
                }
                tokenLetter |= letter;
                tokenLeet |= leet;
                tokenOne |= folded == '1';
            } else if (tokenStart >= 0) {
                if (tokenLetter && tokenLeet) {
                    tokens = push(tokens, tokenCount, tokenStart, out.length());
                    tokenCount += 2;
                    leetOne |= tokenOne;
                }
                tokenStart = -1;
            }
            out.appendCodePoint(folded);
        }
        if (tokenStart >= 0 && tokenLetter && tokenLeet) {
            tokens = push(tokens, tokenCount, tokenStart, out.length());
            tokenCount += 2;
            leetOne |= tokenOne;
        }
        String text = out.toString();
        int[] leetTokens = java.util.Arrays.copyOf(tokens, tokenCount);
        return new Normalized(text, leetVariants(text, leetTokens, leetOne), invisible, homoglyphs, leetTokens);
    }

    private static int[] push(int[] tokens, int count, int start, int end) {
        int[] grown = count + 2 > tokens.length ? java.util.Arrays.copyOf(tokens, tokens.length * 2) : tokens;
        grown[count] = start;
        grown[count + 1] = end;
        return grown;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Base64 and hex blobs of the raw text that decode to readable text (at most {@value #MAX_PAYLOADS}). */
    public List<DecodedPayload> decodeEmbedded(String raw) {
        if (raw == null || raw.length() < MIN_BASE64) {
            return List.of();
        }
        List<DecodedPayload> payloads = new ArrayList<>();
        // long texts repeat the same unreadable blobs (hashes, ids): decode each distinct one once per encoding
        Set<String> rejected = new HashSet<>();
        // base64: maximal runs of [A-Za-z0-9+/_-] of 20 or more, with up to two '=' of padding
        int length = raw.length();
        for (int i = 0; i < length && payloads.size() < MAX_PAYLOADS; ) {
            if (!isBase64(raw.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < length && isBase64(raw.charAt(end))) {
                end++;
            }
            if (end - i >= MIN_BASE64) {
                int padded = end;
                while (padded < length && padded - end < 2 && raw.charAt(padded) == '=') {
                    padded++;
                }
                add(raw.substring(i, padded), Encoding.BASE64, payloads, rejected);
                end = padded;
            }
            i = end;
        }
        Set<String> hexRejected = new HashSet<>();
        // hex: whole words made of an even number (20 or more) of hex digits
        for (int i = 0; i < length && payloads.size() < MAX_PAYLOADS; ) {
            if (!isWord(raw.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            boolean hex = true;
            while (end < length && isWord(raw.charAt(end))) {
                hex &= isHexDigit(raw.charAt(end));
                end++;
            }
            if (hex && end - i >= MIN_HEX && (end - i) % 2 == 0) {
                add(raw.substring(i, end), Encoding.HEX, payloads, hexRejected);
            }
            i = end;
        }
        return List.copyOf(payloads);
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '_'
                || c == '-';
    }

    /** A word character as {@code \\b} sees it. */
    private static boolean isWord(char c) {
        if (c < 0x80) { // the common case, without the Unicode property lookup
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c);
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void add(String blob, Encoding encoding, List<DecodedPayload> payloads, Set<String> rejected) {
        if (rejected.contains(blob)) {
            return;
        }
        String decoded = decode(blob, encoding);
        if (decoded != null && isReadable(decoded)) {
            payloads.add(new DecodedPayload(encoding, decoded));
        } else {
            rejected.add(blob);
        }
    }

    /** Whether the hex digits hold the byte 0x20: readable text has a space, so others need no decoding. */
    private static boolean hasHexSpace(String hex) {
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            if (hex.charAt(i) == '2' && hex.charAt(i + 1) == '0') {
                return true;
            }
        }
        return false;
    }

    /** The UTF-8 text a blob decodes to, or null when it is not valid, or cannot be readable text. */
    private static String decode(String blob, Encoding encoding) {
        byte[] bytes;
        if (encoding == Encoding.HEX) {
            if (!hasHexSpace(blob)) {
                return null;
            }
            bytes = HexFormat.of().parseHex(blob);
        } else {
            String unpadded = blob.replace("=", "");
            boolean urlSafe = unpadded.indexOf('-') >= 0 || unpadded.indexOf('_') >= 0;
            boolean standard = unpadded.indexOf('+') >= 0 || unpadded.indexOf('/') >= 0;
            if ((urlSafe && standard) || unpadded.length() % 4 == 1) {
                return null; // the decoder would reject it
            }
            try {
                bytes = (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(unpadded);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
        }
        // cheap rejection before decoding: readable text has a space and almost no control characters
        int controls = 0;
        boolean space = false;
        for (byte b : bytes) {
            space |= b == ' ';
            // ISO control characters that are not whitespace (each one is a non-printable char of the text)
            if ((b >= 0 && b < 0x20 && !(b >= 0x09 && b <= 0x0D) && !(b >= 0x1C && b <= 0x1F)) || b == 0x7F) {
                controls++;
            }
        }
        if (!space || controls > bytes.length * 0.05) {
            return null;
        }
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        if (decoder.decode(ByteBuffer.wrap(bytes), chars, true).isError()
                || decoder.flush(chars).isError()) {
            return null;
        }
        return chars.flip().toString();
    }

    /** Natural-language text: almost only printable characters, several letters and at least one space. */
    private static boolean isReadable(String text) {
        long letters = text.chars().filter(Character::isLetter).count();
        long printable = text.chars()
                .filter(c -> !Character.isISOControl(c) || Character.isWhitespace(c))
                .count();
        return letters >= 4
                && text.indexOf(' ') >= 0
                && printable >= text.length() * 0.95
                && letters >= text.length() * 0.5;
    }

    /**
     * Variants of the text with leetspeak folded inside the given tokens (words that mix letters with digits or
     * symbols). '1' is ambiguous, so one variant reads it as 'i' and, when a token has a '1', one reads it as 'l'.
     * Empty when there is no such token.
     */
    private static List<String> leetVariants(String text, int[] tokens, boolean hasOne) {
        if (tokens.length == 0) {
            return List.of();
        }
        char[] asI = text.toCharArray();
        char[] asL = hasOne ? text.toCharArray() : null;
        for (int t = 0; t < tokens.length; t += 2) {
            for (int k = tokens[t]; k < tokens[t + 1]; k++) {
                char c = asI[k];
                char folded = leet(c);
                asI[k] = c == '1' ? 'i' : folded;
                if (asL != null) {
                    asL[k] = c == '1' ? 'l' : folded;
                }
            }
        }
        return asL == null ? List.of(new String(asI)) : List.of(new String(asI), new String(asL));
    }

    private static char leet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            default -> c;
        };
    }

    private static char[] homoglyphs() {
        // lower-case Cyrillic and Greek letters that render like Latin ones
        String from = "аеорсухіјѕԁһӏԛԝвкмнтгпαβεικνορτυχγωѵ";
        String to = "aeopcyxijsdhlqwbkmhtrnabeiknoptuxywv";
        char[] table = new char[0x530 - HOMOGLYPH_FIRST];
        for (int i = 0; i < from.length(); i++) {
            table[from.charAt(i) - HOMOGLYPH_FIRST] = to.charAt(i);
        }
        return table;
    }
}
