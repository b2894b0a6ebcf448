package io.lollmsbot.tools.control;

/** A tool call that could not be done, with a reason safe to show the model (no internals). */
public class ToolFailure extends RuntimeException {

    public ToolFailure(String reason) {
        super(reason, null, false, false);
    }
}
