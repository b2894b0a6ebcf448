package io.lollmsbot.sandbox.control;

/** How a sandboxed command ended; {@code output} is stdout and stderr together, at most the output limit. */
public record SandboxResult(int exitCode, String output, boolean truncated, boolean timedOut) {}
