package io.lollmsbot.chat.control;

import io.lollmsbot.tools.control.ToolCaller;
import java.util.List;
import java.util.UUID;

/**
 * One chat turn as the agent loop sees it: who asks (always the authenticated principal), in which conversation
 * ({@code null} starts one), the message, and context a client sent along (OpenAI-style history and system
 * messages), which is treated as untrusted user content.
 */
public record TurnRequest(ToolCaller caller, UUID conversationId, String message, List<String> clientContext) {

    public TurnRequest {
        clientContext = clientContext == null ? List.of() : List.copyOf(clientContext);
    }

    public boolean continuesConversation() {
        return conversationId != null;
    }
}
