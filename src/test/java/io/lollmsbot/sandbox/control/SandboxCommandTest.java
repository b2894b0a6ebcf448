package io.lollmsbot.sandbox.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

    private final List<String> command = SandboxCommand.arguments(
            Path.of("/data/workspaces/42"),
            SandboxLimits.of(2, 30, 10, 512, 64, 65_536),
            List.of("echo", "a b; rm -rf /"));

    @Test
    void theFullCommandLine() {
        assertEquals(
                List.of(
                        "/usr/bin/bwrap",
                        "--ro-bind",
                        "/usr",
                        "/usr",
                        "--ro-bind-try",
                        "/bin",
                        "/bin",
                        "--ro-bind-try",
                        "/lib",
                        "/lib",
                        "--ro-bind-try",
                        "/lib64",
                        "/lib64",
                        "--proc",
                        "/proc",
                        "--dev",
                        "/dev",
                        "--size",
                        "67108864",
                        "--tmpfs",
                        "/tmp",
                        "--bind",
                        "/data/workspaces/42",
                        "/workspace",
                        "--chdir",
                        "/workspace",
                        "--unshare-all",
                        "--unshare-user",
                        "--uid",
                        "65534",
                        "--gid",
                        "65534",
                        "--cap-drop",
                        "ALL",
                        "--die-with-parent",
                        "--new-session",
                        "--",
                        "/usr/bin/prlimit",
                        "--cpu=2",
                        "--as=536870912",
                        "--fsize=67108864",
                        "--core=0",
                        "--",
                        "echo",
                        "a b; rm -rf /"),
                command);
    }

    @Test
    void theWorkspaceIsTheOnlyWritableBind() {
        assertEquals(1, Collections.frequency(command, "--bind"));
        assertFalse(command.contains("--share-net"));
        assertTrue(command.indexOf("--unshare-all") < command.indexOf("--"));
    }

    @Test
    void theArgvComesLastAndWhole() {
        assertEquals(List.of("echo", "a b; rm -rf /"), command.subList(command.size() - 2, command.size()));
    }
}
