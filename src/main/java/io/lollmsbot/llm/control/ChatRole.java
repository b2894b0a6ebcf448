package io.lollmsbot.llm.control;

import java.util.Locale;

/** Role of a chat message, as named on the wire by both supported protocols. */
public enum ChatRole {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
