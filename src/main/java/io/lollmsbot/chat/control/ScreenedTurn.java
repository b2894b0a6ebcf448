package io.lollmsbot.chat.control;

import io.lollmsbot.tools.control.ToolCaller;
import java.util.List;

/** A turn the Guardian let through: the message and client context with secrets redacted, and the verdict. */
public record ScreenedTurn(
        TurnRequest request, String text, List<String> clientContext, String verdict, int redactions) {

    public ToolCaller caller() {
        return request.caller();
    }
}
