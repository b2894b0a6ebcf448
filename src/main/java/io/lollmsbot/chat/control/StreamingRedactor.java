package io.lollmsbot.chat.control;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Redacts secrets from a reply while it streams: text is passed on only up to a whitespace boundary that lies at
 * least {@link #HOLDBACK} characters behind the newest text, so a secret (which has no whitespace, or is a PEM block
 * kept whole) is always redacted as one piece before anyone sees it. A secret recognised only with the label before
 * it ({@code aws_secret_access_key = ...}, {@code Authorization: Bearer ...}) may have whitespace between label and
 * value, so a boundary is used only where redacting both sides apart gives the same text as redacting them together;
 * otherwise an earlier one is tried.
 */
final class StreamingRedactor {

    static final int HOLDBACK = 512;
    /** Earlier boundaries tried before waiting for more text. */
    private static final int MAX_CUT_ATTEMPTS = 16;

    private static final String PEM_BEGIN = "-----BEGIN";
    private static final String PEM_END = "-----END";

    private final UnaryOperator<String> redact;
    private final Consumer<String> downstream;
    private final StringBuilder pending = new StringBuilder();

    StreamingRedactor(UnaryOperator<String> redact, Consumer<String> downstream) {
        this.redact = redact;
        this.downstream = downstream;
    }

    void accept(String delta) {
        pending.append(delta);
        int cut = safeCut();
        if (cut > 0) {
            emit(pending.substring(0, cut));
            pending.delete(0, cut);
        }
    }

    void finish() {
        if (!pending.isEmpty()) {
            emit(pending.toString());
            pending.setLength(0);
        }
    }

    private int safeCut() {
        int limit = pending.length() - HOLDBACK;
        if (limit <= 0) {
            return 0;
        }
        int cut = lastWhitespaceAtOrBefore(limit);
        int openPem = pending.lastIndexOf(PEM_BEGIN, cut);
        if (openPem >= 0 && pending.indexOf(PEM_END, openPem) < 0) {
            cut = openPem;
        }
        String whole = pending.toString();
        String together = redact.apply(whole);
        for (int attempt = 0; cut > 0 && attempt < MAX_CUT_ATTEMPTS; attempt++) {
            if (together.equals(redact.apply(whole.substring(0, cut)) + redact.apply(whole.substring(cut)))) {
                return cut;
            }
            cut = lastWhitespaceAtOrBefore(cut - 1);
        }
        return 0;
    }

    private int lastWhitespaceAtOrBefore(int limit) {
        for (int i = limit; i > 0; i--) {
            if (Character.isWhitespace(pending.charAt(i - 1))) {
                return i;
            }
        }
        return 0;
    }

    private void emit(String text) {
        String safe = redact.apply(text);
        if (!safe.isEmpty()) {
            downstream.accept(safe);
        }
    }
}
