package io.lollmsbot.llm.control;

/** Token counts reported by the server; zero when it reported none. */
public record TokenUsage(int promptTokens, int completionTokens) {

    public static final TokenUsage NONE = new TokenUsage(0, 0);

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
