package io.lollmsbot.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The {@link StackSummary} of JFR's execution samples (Java frames only: time in native code is not sampled). */
final class JfrSummary {

    private JfrSummary() {
    }

    static String summarise(Path recording, int top) throws IOException {
        StackSummary summary = new StackSummary();
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                List<String> frames = event.getStackTrace().getFrames().stream().map(JfrSummary::name).toList();
                summary.add(frames, 1);
            }
        }
        return summary.markdown("Where the Liberty JVM's CPU went (JFR execution samples)", top);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
