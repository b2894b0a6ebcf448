package io.lollmsbot.soul.control;

/** Persona Markdown that does not follow the format; the message says what to fix, naming the line when it can. */
public class InvalidPersonaException extends RuntimeException {

    public InvalidPersonaException(String message) {
        super(message, null, false, false);
    }
}
