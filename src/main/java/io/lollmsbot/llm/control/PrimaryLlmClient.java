package io.lollmsbot.llm.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Calls the primary provider under MicroProfile Fault Tolerance. A bean of its own so that {@link LlmGateway}
 * calls it through the CDI proxy (the annotations do nothing on a self-call). The values can be overridden with
 * MicroProfile Config, e.g. {@code io.lollmsbot.llm.control.PrimaryLlmClient/chat/Timeout/value=300000}.
 *
 * <p>Only {@link TransientLlmException}s are retried (with backoff and jitter) and counted by the circuit
 * breaker; a permanent failure (bad request, bad key) is neither. Streams are not retried: deltas already
 * delivered cannot be taken back. The provider's own timeout ({@code lollmsbot.llm.timeout-seconds}, read at every
 * call) bounds each attempt: a whole plain answer, and for a stream the wait for its start and every wait for its
 * next line. {@code @Timeout} is only a backstop (a stream that keeps sending for ten minutes).
 */
@ApplicationScoped
public class PrimaryLlmClient {

    @Timeout(value = 10, unit = ChronoUnit.MINUTES)
    @Retry(
            retryOn = TransientLlmException.class,
            maxRetries = 2,
            delay = 500,
            jitter = 250,
            maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES)
    @CircuitBreaker(
            failOn = {TransientLlmException.class, TimeoutException.class},
            requestVolumeThreshold = 4,
            failureRatio = 0.75,
            delay = 30,
            delayUnit = ChronoUnit.SECONDS)
    @Bulkhead(32)
    public ChatResponse chat(LlmProvider provider, ChatRequest request) {
        return provider.chat(request);
    }

    @Timeout(value = 10, unit = ChronoUnit.MINUTES)
    @CircuitBreaker(
            failOn = {TransientLlmException.class, TimeoutException.class},
            requestVolumeThreshold = 4,
            failureRatio = 0.75,
            delay = 30,
            delayUnit = ChronoUnit.SECONDS)
    @Bulkhead(32)
    public ChatResponse stream(LlmProvider provider, ChatRequest request, StreamListener listener) {
        return provider.stream(request, listener);
    }
}
