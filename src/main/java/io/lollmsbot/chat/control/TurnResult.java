package io.lollmsbot.chat.control;

import io.lollmsbot.llm.control.TokenUsage;
import java.util.List;
import java.util.UUID;

/** What a completed turn produced, in the shape of the chat response. */
public record TurnResult(
        UUID conversationId,
        UUID messageId,
        String reply,
        List<ToolCallSummary> toolCalls,
        GuardianSummary guardian,
        TokenUsage usage,
        String model) {

    public record ToolCallSummary(String name, String status) {}

    public record GuardianSummary(String verdict, int redactions) {}
}
