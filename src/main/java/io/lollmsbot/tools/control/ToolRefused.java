package io.lollmsbot.tools.control;

/** Thrown by a tool that finds, when called, that it must not run now; the registry refuses and audits the call. */
public class ToolRefused extends RuntimeException {

    public ToolRefused() {
        super("refused", null, false, false);
    }
}
