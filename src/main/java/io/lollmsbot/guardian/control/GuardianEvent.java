package io.lollmsbot.guardian.control;

/** The audit event types the Guardian writes; {@link #type()} is the stored name that searches filter on. */
public enum GuardianEvent {
    SCAN("guardian.scan"),
    BLOCKED("guardian.blocked"),
    FLAGGED("guardian.flagged"),
    REDACTED("guardian.redacted"),
    QUARANTINED("guardian.quarantined"),
    RELEASED("guardian.released"),
    TOOL_REFUSED("tool.refused"),
    CONTEXT_BLOCKED("guardian.context-blocked"),
    CONTEXT_FLAGGED("guardian.context-flagged");

    private final String type;

    GuardianEvent(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }
}
