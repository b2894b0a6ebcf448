package io.lollmsbot.llm.control;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where and how to reach one LLM server.
 *
 * @param provider wire protocol
 * @param baseUrl  absolute http(s) URL without trailing slash, e.g. {@code http://host:11434/v1} (OpenAI style)
 *                 or {@code http://host:11434} (Ollama)
 * @param model    model name
 * @param apiKey   bearer key, or null
 * @param timeout  the longest wait: a whole plain answer, or a stream's start and each next line
 */
public record ProviderSettings(ProviderType provider, URI baseUrl, String model, String apiKey, Duration timeout) {

    public static final String PRIMARY_PREFIX = "lollmsbot.llm.";
    public static final String FALLBACK_PREFIX = "lollmsbot.llm.fallback.";
    public static final String PROVIDER = "provider";
    public static final String BASE_URL = "base-url";
    public static final String MODEL = "model";
    public static final String API_KEY = "api-key";
    public static final String TIMEOUT_SECONDS = "timeout-seconds";

    public static final String DEFAULT_BASE_URL = "http://localhost:11434/v1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    public ProviderSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(timeout, "timeout");
        baseUrl = parseBaseUrl(
                "baseUrl", Objects.requireNonNull(baseUrl, "baseUrl").toString());
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * The primary provider from {@code lollmsbot.llm.*}; empty when {@code lollmsbot.llm.model} is not set (no
     * backend configured). {@code provider} defaults to openai and {@code base-url} to {@value #DEFAULT_BASE_URL}.
     *
     * @param lookup setting key to value (empty when unset)
     * @throws IllegalArgumentException naming the offending key when a value is invalid
     */
    public static Optional<ProviderSettings> primary(Function<String, Optional<String>> lookup) {
        return read(PRIMARY_PREFIX, DEFAULT_BASE_URL, lookup);
    }

    /**
     * The optional fallback provider from {@code lollmsbot.llm.fallback.*}; empty when neither its model nor its
     * base URL is set. Both are required once one is.
     */
    public static Optional<ProviderSettings> fallback(Function<String, Optional<String>> lookup) {
        return read(FALLBACK_PREFIX, null, lookup);
    }

    private static Optional<ProviderSettings> read(
            String prefix, String defaultBaseUrl, Function<String, Optional<String>> lookup) {
        Function<String, Optional<String>> setting =
                name -> lookup.apply(prefix + name).map(String::trim).filter(v -> !v.isEmpty());
        Optional<String> model = setting.apply(MODEL);
        Optional<String> baseUrl = setting.apply(BASE_URL).or(() -> Optional.ofNullable(defaultBaseUrl));
        if (model.isEmpty()) {
            if (defaultBaseUrl == null && baseUrl.isPresent()) {
                throw new IllegalArgumentException(
                        prefix + MODEL + " is required when " + prefix + BASE_URL + " is set");
            }
            return Optional.empty();
        }
        String urlKey = prefix + BASE_URL;
        URI url = parseBaseUrl(
                urlKey,
                baseUrl.orElseThrow(() ->
                        new IllegalArgumentException(urlKey + " is required when " + prefix + MODEL + " is set")));
        ProviderType type = setting.apply(PROVIDER)
                .map(value -> ProviderType.fromSetting(value)
                        .orElseThrow(() -> new IllegalArgumentException(
                                prefix + PROVIDER + " must be one of " + allowedProviders())))
                .orElse(ProviderType.OPENAI);
        Duration timeout = setting.apply(TIMEOUT_SECONDS)
                .map(value -> parseTimeout(prefix + TIMEOUT_SECONDS, value))
                .orElse(DEFAULT_TIMEOUT);
        return Optional.of(new ProviderSettings(
                type, url, model.get(), setting.apply(API_KEY).orElse(null), timeout));
    }

    /** Validates a base URL; {@code key} names the setting in the error message. */
    static URI parseBaseUrl(String key, String value) {
        String text = value.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a valid URL");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(key + " must not contain credentials; use the api-key setting");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(key + " must not have a query or fragment");
        }
        return uri;
    }

    private static Duration parseTimeout(String key, String value) {
        try {
            long seconds = Long.parseLong(value);
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive number of seconds");
    }

    private static String allowedProviders() {
        return Arrays.stream(ProviderType.values())
                .map(ProviderType::settingValue)
                .collect(Collectors.joining(", "));
    }

    /** Scheme, host and port only: what error messages and health reasons may show. */
    public String endpoint() {
        return baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort());
    }

    /** Never prints the api key. */
    @Override
    public String toString() {
        return "ProviderSettings[provider=" + provider.settingValue() + ", baseUrl=" + baseUrl + ", model=" + model
                + ", apiKey=" + (apiKey == null ? "unset" : "***") + ", timeout=" + timeout + "]";
    }
}
