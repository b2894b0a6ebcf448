package io.lollmsbot.llm.control;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed LLM call, classified by what the caller can do about it. Messages name the provider, the endpoint
 * (scheme, host and port) and the HTTP status; never prompt text, response bodies or credentials.
 */
public class LlmException extends RuntimeException {

    public enum Kind {
        /** Connection refused or reset, timeout, HTTP 408, 429 or 5xx: worth retrying later. */
        TRANSIENT,
        /** Other HTTP 4xx, or a response we cannot understand: retrying the same request will not help. */
        PERMANENT,
        /** No LLM backend is configured. */
        NOT_CONFIGURED
    }

    private final Kind kind;
    private final Duration retryAfter;

    protected LlmException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public static TransientLlmException transientFailure(String message, Duration retryAfter, Throwable cause) {
        return new TransientLlmException(message, retryAfter, cause);
    }

    /** The provider closed a stream before the end of the reply: worth another try. */
    static TransientLlmException incompleteStream(String provider, String endpoint) {
        return transientFailure(
                provider + " at " + endpoint + " ended the stream before the reply was complete", null, null);
    }

    public static LlmException permanent(String message, Throwable cause) {
        return new LlmException(Kind.PERMANENT, message, null, cause);
    }

    public static LlmException notConfigured(String message) {
        return new LlmException(Kind.NOT_CONFIGURED, message, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The server's Retry-After, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
