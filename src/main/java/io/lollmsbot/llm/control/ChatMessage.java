package io.lollmsbot.llm.control;

import java.util.List;
import java.util.Objects;

/**
 * One message of a conversation sent to the model.
 *
 * @param role       who speaks
 * @param content    text; may be null for an assistant message that only calls tools
 * @param toolCalls  calls an assistant message made (empty otherwise)
 * @param toolCallId for a {@link ChatRole#TOOL} message, the call it answers
 * @param toolName   for a {@link ChatRole#TOOL} message, the function that produced it (Ollama wants it)
 */
public record ChatMessage(ChatRole role, String content, List<ToolCall> toolCalls, String toolCallId, String toolName) {

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (role == ChatRole.TOOL && toolCallId == null) {
            throw new IllegalArgumentException("a tool message needs the id of the call it answers");
        }
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(ChatRole.SYSTEM, content, List.of(), null, null);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(ChatRole.USER, content, List.of(), null, null);
    }

    public static ChatMessage assistant(String content) {
        return new ChatMessage(ChatRole.ASSISTANT, content, List.of(), null, null);
    }

    public static ChatMessage assistant(String content, List<ToolCall> toolCalls) {
        return new ChatMessage(ChatRole.ASSISTANT, content, toolCalls, null, null);
    }

    /** The result of executing {@code call}, fed back to the model. */
    public static ChatMessage toolResult(ToolCall call, String content) {
        return new ChatMessage(ChatRole.TOOL, content, List.of(), call.id(), call.name());
    }

    /** Never prints the content: messages carry prompts, which must not reach logs. */
    @Override
    public String toString() {
        return "ChatMessage[role=" + role.wireName() + ", content=" + (content == null ? 0 : content.length())
                + " chars, toolCalls=" + toolCalls.size() + "]";
    }
}
