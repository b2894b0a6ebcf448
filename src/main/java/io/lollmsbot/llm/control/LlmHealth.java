package io.lollmsbot.llm.control;

/**
 * Readiness of the LLM backend, for the {@code llm} health check.
 *
 * @param up     whether a chat turn can be answered
 * @param reason why, for operators (never contains credentials)
 */
public record LlmHealth(boolean up, String reason) {

    static LlmHealth up(String reason) {
        return new LlmHealth(true, reason);
    }

    static LlmHealth down(String reason) {
        return new LlmHealth(false, reason);
    }
}
