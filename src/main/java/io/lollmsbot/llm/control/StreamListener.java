package io.lollmsbot.llm.control;

/**
 * Receives a streamed reply: text deltas in order, then the complete response (with tool calls assembled from
 * their streamed fragments, and usage). Called on the thread that called the provider.
 */
@FunctionalInterface
public interface StreamListener {

    void onDelta(String text);

    default void onComplete(ChatResponse response) {}
}
