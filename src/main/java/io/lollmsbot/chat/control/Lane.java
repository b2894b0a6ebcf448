package io.lollmsbot.chat.control;

/** Kinds of work in the lane queue, in the order they are served: people waiting first. */
public enum Lane {
    INTERACTIVE,
    BACKGROUND,
    SYSTEM
}
