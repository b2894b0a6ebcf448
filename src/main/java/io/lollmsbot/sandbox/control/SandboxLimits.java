package io.lollmsbot.sandbox.control;

import java.util.List;

/**
 * What one sandboxed command may use. Wall time and output are enforced by {@link Sandbox} from outside; CPU time,
 * address space and file size are kernel rlimits set by {@code prlimit} inside the sandbox, just before the program
 * is executed, so they bind the program and everything it starts.
 */
public record SandboxLimits(int wallSeconds, int cpuSeconds, long memoryBytes, long fileBytes, int outputBytes) {

    static final int DEFAULT_WALL_SECONDS = 10;
    private static final long MIB = 1024L * 1024L;

    /**
     * The requested wall time (or {@value #DEFAULT_WALL_SECONDS} s) clamped to 1..{@code maxWallSeconds}; CPU time
     * never above the wall time, since a process cannot use more of one core than it runs.
     */
    public static SandboxLimits of(
            Integer requestedSeconds, int maxWallSeconds, int cpuSeconds, int memoryMib, int fileMib, int outputBytes) {
        int wall = Math.max(
                1, Math.min(requestedSeconds == null ? DEFAULT_WALL_SECONDS : requestedSeconds, maxWallSeconds));
        return new SandboxLimits(
                wall, Math.max(1, Math.min(cpuSeconds, wall)), memoryMib * MIB, fileMib * MIB, outputBytes);
    }

    /** The prefix that applies the rlimits and then executes the command (no shell involved). */
    List<String> prlimitPrefix() {
        return List.of(
                "/usr/bin/prlimit",
                "--cpu=" + cpuSeconds,
                "--as=" + memoryBytes,
                "--fsize=" + fileBytes,
                "--core=0",
                "--");
    }
}
