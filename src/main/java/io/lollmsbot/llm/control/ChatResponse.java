package io.lollmsbot.llm.control;

import java.util.List;

/**
 * The model's answer.
 *
 * @param content      reply text ("" when the model only called tools)
 * @param toolCalls    functions the model wants called
 * @param usage        token counts
 * @param finishReason why generation stopped: "stop", "length", "tool_calls", ... (as reported, or null)
 * @param provider     which provider answered ("openai" or "ollama")
 */
public record ChatResponse(
        String content, List<ToolCall> toolCalls, TokenUsage usage, String finishReason, String provider) {

    public ChatResponse {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? TokenUsage.NONE : usage;
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** Never prints the content. */
    @Override
    public String toString() {
        return "ChatResponse[provider=" + provider + ", content=" + content.length() + " chars, toolCalls="
                + toolCalls.size() + ", usage=" + usage + ", finishReason=" + finishReason + "]";
    }
}
