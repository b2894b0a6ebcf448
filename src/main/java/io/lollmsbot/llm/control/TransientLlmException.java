package io.lollmsbot.llm.control;

import java.time.Duration;

/**
 * The {@link LlmException.Kind#TRANSIENT} failures, as their own type so that MicroProfile Fault Tolerance
 * ({@code retryOn}, {@code failOn}) can select exactly them.
 */
public final class TransientLlmException extends LlmException {

    TransientLlmException(String message, Duration retryAfter, Throwable cause) {
        super(Kind.TRANSIENT, message, retryAfter, cause);
    }
}
