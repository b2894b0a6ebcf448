package io.lollmsbot.heartbeat.control;

import java.util.Map;

/**
 * What a task run did: whether it succeeded, one line for operators (never secrets or message text), and counts
 * such as rows deleted or rows checked.
 */
public record TaskResult(boolean ok, String detail, Map<String, Long> counts) {

    public TaskResult {
        counts = Map.copyOf(counts);
    }

    public static TaskResult ok(String detail, Map<String, Long> counts) {
        return new TaskResult(true, detail, counts);
    }

    public static TaskResult failed(String detail, Map<String, Long> counts) {
        return new TaskResult(false, detail, counts);
    }
}
