package io.lollmsbot.guardian.control;

import java.util.Locale;

/** The decision on a screened input: the chat path rejects {@code BLOCK}, records {@code FLAG} and goes on. */
public enum Verdict {
    ALLOW,
    FLAG,
    BLOCK;

    /** The lower-case name used in the API ("allow", "flag", "block"). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
