package io.lollmsbot.common;

import java.util.List;

/**
 * An RFC 9457 problem document. Every failure leaves the server in this shape, never as a stack trace.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record FieldError(String field, String message) {}

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    public static Problem validation(List<FieldError> errors) {
        return new Problem(
                "urn:lollmsbot:problem:validation",
                "Invalid request",
                400,
                "The request has " + errors.size() + " invalid field(s).",
                errors);
    }
}
