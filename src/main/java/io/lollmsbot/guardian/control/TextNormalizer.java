package io.lollmsbot.guardian.control;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns raw text into the form the rules match against: NFKC, invisible characters removed, Cyrillic/Greek
 * look-alikes folded to Latin, escaped line breaks unescaped, whitespace collapsed (line breaks kept), lower case.
 * Leetspeak is folded in separate variants so that plain numbers stay untouched in the main form.
 * Also finds base64 and hex blobs that decode to readable text, so the decoded text can be scanned too.
 */
public final class TextNormalizer {

    /** The matching form of a text and what was removed or folded on the way. */
    public record Normalized(String text, List<String> leetVariants, int invisibleChars, int homoglyphs) {
    }

    /** A blob found in the raw text and the readable text it decodes to. */
    public record DecodedPayload(Encoding encoding, String text) {
    }

    public enum Encoding { BASE64, HEX }

    private static final int ZERO_WIDTH_JOINER = 0x200D;
    private static final int TAG_FIRST = 0xE0020;
    private static final int TAG_LAST = 0xE007E;
    private static final int MAX_PAYLOADS = 16;

    private static final Map<Character, Character> HOMOGLYPHS = homoglyphs();
    private static final Map<Character, Character> LEET = Map.of(
            '0', 'o', '3', 'e', '4', 'a', '5', 's', '7', 't', '@', 'a', '$', 's');

    private static final Pattern BASE64_BLOB = Pattern.compile("[A-Za-z0-9+/_-]{20,}={0,2}");
    private static final Pattern HEX_BLOB = Pattern.compile("\\b(?:[0-9a-fA-F]{2}){10,}\\b");
    private static final Pattern LEET_TOKEN = Pattern.compile("[\\p{L}0-9@$]*[0-9@$][\\p{L}0-9@$]*");

    public Normalized normalize(String raw) {
        String nfkc = Normalizer.normalize(raw == null ? "" : raw, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        int invisible = 0;
        int homoglyphs = 0;
        boolean pendingSpace = false;
        boolean pendingNewline = false;
        for (int i = 0; i < nfkc.length(); ) {
            int cp = nfkc.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\\' && i < nfkc.length() && "nrt".indexOf(nfkc.charAt(i)) >= 0) {
                pendingNewline |= nfkc.charAt(i) != 't';
                pendingSpace = true;
                i++;
                continue;
            }
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
            if (pendingSpace && out.length() > 0) {
                out.append(pendingNewline ? '\n' : ' ');
            }
            pendingSpace = false;
            pendingNewline = false;
            int lower = Character.toLowerCase(cp);
            Character latin = lower <= Character.MAX_VALUE ? HOMOGLYPHS.get((char) lower) : null;
            if (latin != null) {
                homoglyphs++;
                out.append(latin.charValue());
            } else {
                out.appendCodePoint(lower);
            }
        }
        String text = out.toString();
        return new Normalized(text, leetVariants(text), invisible, homoglyphs);
    }

    /** Base64 and hex blobs of the raw text that decode to readable text (at most {@value #MAX_PAYLOADS}). */
    public List<DecodedPayload> decodeEmbedded(String raw) {
        if (raw == null || raw.length() < 20) {
            return List.of();
        }
        List<DecodedPayload> payloads = new ArrayList<>();
        collect(BASE64_BLOB.matcher(raw), Encoding.BASE64, payloads);
        collect(HEX_BLOB.matcher(raw), Encoding.HEX, payloads);
        return List.copyOf(payloads);
    }

    private static void collect(Matcher blobs, Encoding encoding, List<DecodedPayload> payloads) {
        while (payloads.size() < MAX_PAYLOADS && blobs.find()) {
            String decoded = decode(blobs.group(), encoding);
            if (decoded != null && isReadable(decoded)) {
                payloads.add(new DecodedPayload(encoding, decoded));
            }
        }
    }

    private static String decode(String blob, Encoding encoding) {
        try {
            byte[] bytes = encoding == Encoding.HEX
                    ? HexFormat.of().parseHex(blob)
                    : base64Decoder(blob).decode(blob.replace("=", ""));
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException notText) {
            return null;
        }
    }

    private static Base64.Decoder base64Decoder(String blob) {
        boolean urlSafe = blob.indexOf('-') >= 0 || blob.indexOf('_') >= 0;
        return urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder();
    }

    /** Natural-language text: almost only printable characters, several letters and at least one space. */
    private static boolean isReadable(String text) {
        long letters = text.chars().filter(Character::isLetter).count();
        long printable = text.chars().filter(c -> !Character.isISOControl(c) || Character.isWhitespace(c)).count();
        return letters >= 4 && text.indexOf(' ') >= 0 && printable >= text.length() * 0.95
                && letters >= text.length() * 0.5;
    }

    /**
     * Variants of the text with leetspeak folded inside words that mix letters with digits or symbols
     * ("1gn0re" but not "2021"). '1' is ambiguous, so one variant reads it as 'i' and one as 'l'.
     * Empty when no word mixes them.
     */
    private static List<String> leetVariants(String text) {
        Matcher tokens = LEET_TOKEN.matcher(text);
        StringBuilder asI = null;
        StringBuilder asL = null;
        int copied = 0;
        boolean hasOne = false;
        while (tokens.find()) {
            String token = tokens.group();
            if (token.chars().noneMatch(Character::isLetter)) {
                continue;
            }
            if (asI == null) {
                asI = new StringBuilder(text.length());
                asL = new StringBuilder(text.length());
            }
            String gap = text.substring(copied, tokens.start());
            asI.append(gap);
            asL.append(gap);
            for (int k = 0; k < token.length(); k++) {
                char c = token.charAt(k);
                hasOne |= c == '1';
                asI.append(c == '1' ? 'i' : LEET.getOrDefault(c, c));
                asL.append(c == '1' ? 'l' : LEET.getOrDefault(c, c));
            }
            copied = tokens.end();
        }
        if (asI == null) {
            return List.of();
        }
        String tail = text.substring(copied);
        String first = asI.append(tail).toString();
        return hasOne ? List.of(first, asL.append(tail).toString()) : List.of(first);
    }

    private static Map<Character, Character> homoglyphs() {
        // lower-case Cyrillic and Greek letters that render like Latin ones
        String from = "аеорсухіјѕԁһӏԛԝвкмнтгпαβεικνορτυχγωѵ";
        String to = "aeopcyxijsdhlqwbkmhtrnabeiknoptuxywv";
        Map<Character, Character> map = new java.util.HashMap<>();
        for (int i = 0; i < from.length(); i++) {
            map.put(from.charAt(i), to.charAt(i));
        }
        return Map.copyOf(map);
    }
}
