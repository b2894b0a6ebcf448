package io.lollmsbot.guardian.control;

import java.util.List;

/**
 * What the Guardian let through of a turn: the message and the client's context with secrets redacted, the
 * strictest verdict over all of them, and how many secrets were redacted.
 */
public record ScreenedInput(String message, List<String> clientContext, Verdict verdict, int redactions) {}
