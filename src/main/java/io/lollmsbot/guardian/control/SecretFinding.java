package io.lollmsbot.guardian.control;

/** Where a secret of some kind was found: offsets into the scanned text, never the secret itself. */
public record SecretFinding(SecretKind kind, int start, int end) {}
