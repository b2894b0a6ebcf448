package io.lollmsbot.chat.control;

import java.util.UUID;

/** Follows a turn as it happens, for streaming clients. Every method may be called from a worker thread. */
public interface TurnListener {

    /** For a caller that only wants the result: the model is then called without streaming (and with retries). */
    TurnListener NONE = new TurnListener() {
        @Override
        public boolean streams() {
            return false;
        }
    };

    default boolean streams() {
        return true;
    }

    default void started(UUID conversationId, UUID messageId) {}

    default void delta(String text) {}

    default void toolCalled(String name, String status) {}
}
