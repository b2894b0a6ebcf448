package io.lollmsbot.llm.control;

import io.lollmsbot.common.Traced;
import io.lollmsbot.config.control.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.time.Instant;
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
    public LlmGateway(@Cached Config config, PrimaryLlmClient primaryClient) {
        this(key -> config.getOptionalValue(key, String.class), primaryClient, LlmProviders.newHttpClient());
    }

    LlmGateway(Function<String, Optional<String>> settings, PrimaryLlmClient primaryClient, HttpClient http) {
        this.settings = settings;
        this.primaryClient = primaryClient;
        this.http = http;
    }

    @Traced("llm.call")
    public ChatResponse chat(ChatRequest request) {
        return call(primary -> primaryClient.chat(primary, request), fallback -> fallback.chat(request), () -> true);
    }

    /**
     * Streams the reply to {@code listener}. Falls back only while nothing has been streamed yet: deltas already
     * delivered cannot be taken back.
     */
    @Traced("llm.stream")
    public ChatResponse stream(ChatRequest request, StreamListener listener) {
        StartTrackingListener tracking = new StartTrackingListener(listener);
        return call(
                primary -> primaryClient.stream(primary, request, tracking),
                fallback -> fallback.stream(request, listener),
                () -> !tracking.started);
    }

    /** Whether a primary provider is configured (validly). */
    public boolean isConfigured() {
        try {
            return ProviderSettings.primary(settings).isPresent();
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    /**
     * Probes both backends with a cheap request each. Up when the primary answers, or when it is configured but
     * unreachable and the fallback answers (as a chat turn would be served). Callers cache the result
     * ({@link LlmStatus}): this makes network calls.
     */
    public LlmHealth health() {
        LlmHealth.Backend primary = probe(() -> ProviderSettings.primary(settings), NOT_CONFIGURED);
        LlmHealth.Backend fallback = probe(() -> ProviderSettings.fallback(settings), "no fallback configured");
        String reason = primary.detail();
        boolean up = primary.up();
        if (primary.state() == LlmHealth.State.UNREACHABLE) {
            if (fallback.up()) {
                up = true;
                reason += "; fallback " + fallback.detail();
            } else if (fallback.state() == LlmHealth.State.INVALID) {
                reason += "; no usable fallback: " + fallback.detail();
            }
        }
        return new LlmHealth(up, reason, primary, fallback, Instant.now());
    }

    private LlmHealth.Backend probe(Supplier<Optional<ProviderSettings>> reader, String whenUnset) {
        Optional<ProviderSettings> provider;
        try {
            provider = reader.get();
        } catch (IllegalArgumentException invalid) {
            return new LlmHealth.Backend(LlmHealth.State.INVALID, invalid.getMessage());
        }
        if (provider.isEmpty()) {
            return new LlmHealth.Backend(LlmHealth.State.NOT_CONFIGURED, whenUnset);
        }
        return problemOf(provider.get())
                .map(problem -> new LlmHealth.Backend(LlmHealth.State.UNREACHABLE, problem))
                .orElseGet(() -> new LlmHealth.Backend(LlmHealth.State.UP, describe(provider.get()) + " is reachable"));
    }

    private ChatResponse call(
            Function<LlmProvider, ChatResponse> onPrimary,
            Function<LlmProvider, ChatResponse> onFallback,
            Supplier<Boolean> mayFallBack) {
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
            LOG.warning(() ->
                    "primary LLM failed (" + failure.getMessage() + "); using fallback " + describe(fallback.get()));
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
