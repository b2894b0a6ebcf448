package io.lollmsbot.guardian.control;

import java.util.Locale;

/** What becomes of a tool result or retrieved memory the Guardian blocks (setting {@code lollmsbot.guardian.context-policy}). */
public enum ContextPolicy {
    /** Replaced by a notice: the model never sees the content. */
    REFUSE,
    /** Kept, enclosed in markers that declare it untrusted data, not instructions. */
    WRAP;

    public static ContextPolicy of(String setting) {
        return valueOf(setting.trim().toUpperCase(Locale.ROOT));
    }
}
