package io.lollmsbot.llm.control;

import java.util.List;
import java.util.Objects;

/**
 * A provider-neutral chat completion request.
 *
 * @param model       model name, or null for the provider's configured model
 * @param messages    the conversation, oldest first
 * @param tools       functions the model may call (empty for none)
 * @param temperature sampling temperature, or null for the server default
 * @param maxTokens   completion token limit, or null for the server default
 */
public record ChatRequest(
        String model, List<ChatMessage> messages, List<ToolDefinition> tools, Double temperature, Integer maxTokens) {

    public ChatRequest {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (maxTokens != null && maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive");
        }
    }

    public static ChatRequest of(List<ChatMessage> messages) {
        return new ChatRequest(null, messages, List.of(), null, null);
    }

    public ChatRequest withTools(List<ToolDefinition> newTools) {
        return new ChatRequest(model, messages, newTools, temperature, maxTokens);
    }

    public ChatRequest withTemperature(Double newTemperature) {
        return new ChatRequest(model, messages, tools, newTemperature, maxTokens);
    }

    public ChatRequest withMaxTokens(Integer newMaxTokens) {
        return new ChatRequest(model, messages, tools, temperature, newMaxTokens);
    }
}
