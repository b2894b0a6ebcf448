package io.lollmsbot.sandbox.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program, given as argv, inside bubblewrap ({@link SandboxCommand}) and nowhere else. Stdin is empty, the
 * environment is minimal; the wall-time and output limits kill the whole process tree (descendants, then bwrap).
 */
@ApplicationScoped
public class Sandbox {

    private static final Map<String, String> ENVIRONMENT =
            Map.of("PATH", "/usr/bin:/bin", "HOME", SandboxCommand.WORKSPACE, "LANG", "C.UTF-8", "TMPDIR", "/tmp");
    private static final long REAP_SECONDS = 5;

    @Resource
    ManagedThreadFactory threads;

    public SandboxResult run(Path workspace, List<String> argv, SandboxLimits limits) {
        try {
            Files.createDirectories(workspace);
            ProcessBuilder builder = new ProcessBuilder(SandboxCommand.arguments(workspace, limits, argv))
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(ENVIRONMENT);
            Process process = builder.start();
            Capture capture = new Capture(process, limits.outputBytes());
            Thread reader = threads.newThread(capture);
            reader.start();
            boolean finished = process.waitFor(limits.wallSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                killTree(process);
            }
            process.waitFor(REAP_SECONDS, TimeUnit.SECONDS);
            reader.join(TimeUnit.SECONDS.toMillis(REAP_SECONDS));
            return new SandboxResult(
                    process.isAlive() ? -1 : process.exitValue(), capture.text(), capture.truncated(), !finished);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sandbox ran", e);
        }
    }

    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Copies at most {@code cap} bytes of the output; one byte more means truncated, and the tree is killed. */
    private static final class Capture implements Runnable {

        private final Process process;
        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean truncated;

        Capture(Process process, int cap) {
            this.process = process;
            this.cap = cap;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                    int room = cap - bytes.size();
                    bytes.write(buffer, 0, Math.min(read, room));
                    if (read > room) {
                        truncated = true;
                        killTree(process);
                        return;
                    }
                }
            } catch (IOException streamClosedByTheKill) {
                // what was read so far is the output
            }
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        boolean truncated() {
            return truncated;
        }
    }
}
