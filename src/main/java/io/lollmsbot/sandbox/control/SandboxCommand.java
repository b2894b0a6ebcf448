package io.lollmsbot.sandbox.control;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bubblewrap command line: every namespace unshared (no network but {@code lo}, new PID namespace), the system
 * read-only, the workspace the only writable bind, an unprivileged uid with no capabilities, killed with its parent.
 */
final class SandboxCommand {

    static final String BWRAP = "/usr/bin/bwrap";
    static final String WORKSPACE = "/workspace";
    static final int UNPRIVILEGED_ID = 65534;

    private SandboxCommand() {}

    static List<String> arguments(Path workspace, SandboxLimits limits, List<String> argv) {
        List<String> command = new ArrayList<>(List.of(
                BWRAP,
                "--ro-bind",
                "/usr",
                "/usr",
                // merged-/usr systems have these as symlinks, older ones as directories; absent ones are skipped
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
                // a private /tmp in memory, at most as large as one file may be
                "--size",
                Long.toString(limits.fileBytes()),
                "--tmpfs",
                "/tmp",
                "--bind",
                workspace.toString(),
                WORKSPACE,
                "--chdir",
                WORKSPACE,
                "--unshare-all",
                "--unshare-user",
                "--uid",
                Integer.toString(UNPRIVILEGED_ID),
                "--gid",
                Integer.toString(UNPRIVILEGED_ID),
                "--cap-drop",
                "ALL",
                "--die-with-parent",
                "--new-session",
                "--"));
        command.addAll(limits.prlimitPrefix());
        command.addAll(argv);
        return command;
    }
}
