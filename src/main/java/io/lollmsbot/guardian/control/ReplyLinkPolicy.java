package io.lollmsbot.guardian.control;

import java.util.Locale;

/**
 * What becomes of a link or image in a model reply whose URL would carry data out of the conversation (setting
 * {@code lollmsbot.guardian.reply-links}; {@link ExfiltrationLinks}).
 */
public enum ReplyLinkPolicy {
    /** Replaced by {@code [REDACTED:exfiltration-link]}. */
    REDACT,
    /** Kept as a plain link without its payload (no query, no fragment, no encoded path segment), never an image. */
    NEUTRALIZE,
    /** Left as the model wrote it. */
    ALLOW;

    public static ReplyLinkPolicy of(String setting) {
        return valueOf(setting.trim().toUpperCase(Locale.ROOT));
    }
}
