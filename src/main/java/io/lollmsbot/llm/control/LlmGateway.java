package io.lollmsbot.llm.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * The one entry point to the LLM for the rest of the application. Reads {@code lollmsbot.llm.*} at every call
 * (so a settings change applies to the next turn), calls the primary provider through {@link PrimaryLlmClient}
 * (timeout, retry, circuit breaker, bulkhead) and, when that fails and {@code lollmsbot.llm.fallback.*} is set,
 * the fallback provider once. Every failure reaches the caller as an {@link LlmException}:
 * {@code NOT_CONFIGURED} (no or invalid settings: answer 503), {@code TRANSIENT} (503 with Retry-After) or
 * {@code PERMANENT}.
 */
@ApplicationScoped
public class LlmGateway {

    static final String NOT_CONFIGURED = "no LLM backend configured (set " + ProviderSettings.PRIMARY_PREFIX
            + ProviderSettings.MODEL + " and, unless " + ProviderSettings.DEFAULT_BASE_URL + " is right, "
            + ProviderSettings.PRIMARY_PREFIX + ProviderSettings.BASE_URL + ")";

    private static final Logger LOG = Logger.getLogger(LlmGateway.class.getName());

    private final Function<String, Optional<String>> settings;
    private final PrimaryLlmClient primaryClient;
    private final HttpClient http;

    /** For the CDI client proxy only. */
    protected LlmGateway() {
        this(key -> Optional.empty(), null, null);
    }

    @Inject
    public LlmGateway(Config config, PrimaryLlmClient primaryClient) {
        this(key -> config.getOptionalValue(key, String.class), primaryClient, LlmProviders.newHttpClient());
    }

    LlmGateway(Function<String, Optional<String>> settings, PrimaryLlmClient primaryClient, HttpClient http) {
        this.settings = settings;
        this.primaryClient = primaryClient;
        this.http = http;
    }

    public ChatResponse chat(ChatRequest request) {
        return call(primary -> primaryClient.chat(primary, request), fallback -> fallback.chat(request), () -> true);
    }

    /**
     * Streams the reply to {@code listener}. Falls back only while nothing has been streamed yet: deltas already
     * delivered cannot be taken back.
     */
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        StartTrackingListener tracking = new StartTrackingListener(listener);
        return call(primary -> primaryClient.stream(primary, request, tracking),
                fallback -> fallback.stream(request, listener), () -> !tracking.started);
    }

    /** Whether a primary provider is configured (validly). */
    public boolean isConfigured() {
        try {
            return ProviderSettings.primary(settings).isPresent();
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /** For the readiness check: up when the primary, or else the fallback, answers a cheap request. */
    public LlmHealth health() {
        Optional<ProviderSettings> primary;
        try {
            primary = ProviderSettings.primary(settings);
        } catch (IllegalArgumentException invalid) {
            return LlmHealth.down(invalid.getMessage());
        }
        if (primary.isEmpty()) {
            return LlmHealth.down(NOT_CONFIGURED);
        }
        Optional<String> primaryProblem = problemOf(primary.get());
        if (primaryProblem.isEmpty()) {
            return LlmHealth.up(describe(primary.get()) + " is reachable");
        }
        Optional<ProviderSettings> fallback;
        try {
            fallback = ProviderSettings.fallback(settings);
        } catch (IllegalArgumentException invalid) {
            return LlmHealth.down(primaryProblem.get() + "; no usable fallback: " + invalid.getMessage());
        }
        if (fallback.isPresent() && problemOf(fallback.get()).isEmpty()) {
            return LlmHealth.up(primaryProblem.get() + "; fallback " + describe(fallback.get()) + " is reachable");
        }
        return LlmHealth.down(primaryProblem.get());
    }

    private ChatResponse call(Function<LlmProvider, ChatResponse> onPrimary,
                              Function<LlmProvider, ChatResponse> onFallback, Supplier<Boolean> mayFallBack) {
        ProviderSettings primary = readSettings(() -> ProviderSettings.primary(settings))
                .orElseThrow(() -> LlmException.notConfigured(NOT_CONFIGURED));
        try {
            return onPrimary.apply(LlmProviders.create(http, primary));
        } catch (LlmException | FaultToleranceException e) {
            LlmException failure = asLlmException(e);
            Optional<ProviderSettings> fallback = usableFallback();
            if (fallback.isEmpty() || !mayFallBack.get()) {
                throw failure;
            }
            LOG.warning(() -> "primary LLM failed (" + failure.getMessage() + "); using fallback "
                    + describe(fallback.get()));
            try {
                return onFallback.apply(LlmProviders.create(http, fallback.get()));
            } catch (LlmException fallbackFailure) {
                fallbackFailure.addSuppressed(failure);
                throw fallbackFailure;
            }
        }
    }

    private Optional<ProviderSettings> usableFallback() {
        try {
            return ProviderSettings.fallback(settings);
        } catch (IllegalArgumentException invalid) {
            LOG.warning(() -> "LLM fallback not used: " + invalid.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<ProviderSettings> readSettings(Supplier<Optional<ProviderSettings>> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException invalid) {
            throw LlmException.notConfigured(invalid.getMessage());
        }
    }

    private Optional<String> problemOf(ProviderSettings provider) {
        try {
            LlmProviders.create(http, provider).ping();
            return Optional.empty();
        } catch (LlmException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Translates what Fault Tolerance throws instead of calling the primary. */
    static LlmException asLlmException(RuntimeException e) {
        if (e instanceof LlmException llm) {
            return llm;
        }
        String why;
        if (e instanceof CircuitBreakerOpenException) {
            why = "primary LLM circuit breaker is open after repeated failures";
        } else if (e instanceof BulkheadException) {
            why = "too many concurrent calls to the primary LLM";
        } else if (e instanceof TimeoutException) {
            why = "primary LLM call timed out";
        } else {
            why = "primary LLM call failed";
        }
        return LlmException.transientFailure(why, null, e);
    }

    private static String describe(ProviderSettings provider) {
        return provider.provider().settingValue() + " at " + provider.endpoint() + " (model " + provider.model() + ")";
    }

    /** Remembers whether any delta went out, so that a failed stream is not silently restarted elsewhere. */
    private static final class StartTrackingListener implements StreamListener {
        private final StreamListener delegate;
        private volatile boolean started;

        StartTrackingListener(StreamListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onDelta(String text) {
            started = true;
            delegate.onDelta(text);
        }

        @Override
        public void onComplete(ChatResponse response) {
            delegate.onComplete(response);
        }
    }
}
