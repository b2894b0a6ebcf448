package io.lollmsbot.llm.control;

import java.util.List;

/** A client of one LLM server. Implementations are thread-safe. All failures are {@link LlmException}s. */
public interface LlmProvider {

    /** "openai" or "ollama". */
    String name();

    ChatResponse chat(ChatRequest request);

    /** Streams the reply to {@code listener} and also returns it once complete. */
    ChatResponse stream(ChatRequest request, StreamListener listener);

    /** Model names the server offers. */
    List<String> listModels();

    /** A cheap request proving the server is reachable and accepts our credentials; throws if not. */
    void ping();
}
