package io.lollmsbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * async-profiler (the {@code tools.profiler:async-profiler} jar's native agent, loaded into the running Liberty JVM
 * with {@code jcmd JVMTI.agent_load}): CPU samples of every thread, native code included (ONNX Runtime, the
 * tokenizer, the collector), which JFR's execution samples leave out. Uses the interval timer, which needs no
 * perf_events permission, or wall-clock samples ({@link WallProfile}).
 */
final class NativeProfile {

    private NativeProfile() {
    }

    static void start(BenchServer server, Path agent, String event) throws IOException, InterruptedException {
        server.jcmd("JVMTI.agent_load", agent.toString(), quoted("start,event=" + event + ",interval=1ms"));
    }

    static void stop(BenchServer server, Path agent, Path collapsed) throws IOException, InterruptedException {
        server.jcmd("JVMTI.agent_load", agent.toString(), quoted("stop,collapsed,file=" + collapsed));
    }

    /** jcmd reads an unquoted argument with '=' in it as an option of its own, not as the agent's options. */
    private static String quoted(String options) {
        return '"' + options + '"';
    }

    /** The summary of a collapsed-stacks file: one line a stack, outermost frame first, then its count. */
    static String summarise(Path collapsed, int top) throws IOException {
        StackSummary summary = new StackSummary();
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (String frame : line.substring(0, space).split(";")) {
                // Java frames come as io/lollmsbot/x/Type.method, a native library without symbols as its path
                frames.add(frame.startsWith("/") ? frame : frame.replace('/', '.'));
            }
            Collections.reverse(frames);
            summary.add(frames, Integer.parseInt(line.substring(space + 1).trim()));
        }
        return summary.markdown("Where the Liberty JVM's CPU went (async-profiler, native code included)", top);
    }
}
