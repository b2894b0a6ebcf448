package io.lollmsbot.guardian.control;

/**
 * A tool result or retrieved memory after screening: the text to put into the model's context (secrets redacted;
 * marked as untrusted or replaced by a notice when the screening found an injection), and the screening itself.
 *
 * @param withheld whether the content was replaced by a notice
 */
public record ScreenedContext(String text, ScanResult scan, boolean withheld, int redactions) {}
