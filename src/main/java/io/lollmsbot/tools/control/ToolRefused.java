package io.lollmsbot.tools.control;

/**
 * Thrown by a tool that finds, when called, that it must not do what was asked: a switch is off (no reason: the
 * registry answers as for any unavailable tool) or a safety boundary would be crossed (a path leaving the workspace,
 * an internal network address; the reason goes to the model). The registry refuses and audits the call.
 */
public class ToolRefused extends RuntimeException {

    private final transient String reason;

    public ToolRefused() {
        this(null);
    }

    public ToolRefused(String reason) {
        super(reason == null ? "refused" : reason, null, false, false);
        this.reason = reason;
    }

    /** What the model is told, when the tool gave a reason. */
    public java.util.Optional<String> reason() {
        return java.util.Optional.ofNullable(reason);
    }
}
