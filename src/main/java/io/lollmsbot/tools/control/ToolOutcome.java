package io.lollmsbot.tools.control;

/** How a tool call ended, and what goes back to the model. */
public record ToolOutcome(String name, Status status, String output, int durationMs) {

    public enum Status {
        OK,
        ERROR,
        REFUSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
