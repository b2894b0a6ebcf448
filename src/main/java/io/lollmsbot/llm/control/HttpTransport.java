package io.lollmsbot.llm.control;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * JSON over HTTP to one configured server, with failures classified into {@link LlmException}s. Shared by both
 * providers; only the paths and body shapes differ between them.
 */
final class HttpTransport {

    /** Readiness pings must be quick whatever the chat timeout is. */
    static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;
    private final ProviderSettings settings;

    HttpTransport(HttpClient client, ProviderSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    String provider() {
        return settings.provider().settingValue();
    }

    /** POSTs {@code body} and returns the JSON object answered. */
    JsonObject postJson(String path, JsonObject body) {
        HttpResponse<String> response = send(post(path, body), BodyHandlers.ofString());
        requireSuccess(response);
        return JsonSupport.parseObject(response.body(), provider());
    }

    /** POSTs {@code body} and hands each line of the (SSE or NDJSON) answer to {@code lines}, as it arrives. */
    void postStreaming(String path, JsonObject body, Consumer<String> lines) {
        HttpResponse<Stream<String>> response = send(post(path, body), BodyHandlers.ofLines());
        try (Stream<String> received = response.body()) {
            requireSuccess(response);
            Iterator<String> iterator = received.iterator();
            String line;
            while ((line = nextLine(iterator)) != null) {
                lines.accept(line);
            }
        }
    }

    /** The next line, null at the end; only failures of the connection itself are mapped, not the consumer's. */
    private String nextLine(Iterator<String> iterator) {
        try {
            return iterator.hasNext() ? iterator.next() : null;
        } catch (UncheckedIOException e) {
            throw LlmException.transientFailure(
                    provider() + " at " + settings.endpoint() + " broke off the stream", null, e);
        }
    }

    JsonObject getJson(String path, Duration timeout) {
        HttpResponse<String> response = send(request(path, timeout).GET().build(), BodyHandlers.ofString());
        requireSuccess(response);
        return JsonSupport.parseObject(response.body(), provider());
    }

    private HttpRequest post(String path, JsonObject body) {
        return request(path, settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(timeout)
                .header("Accept", "application/json, text/event-stream, application/x-ndjson");
        if (settings.apiKey() != null) {
            builder.header("Authorization", "Bearer " + settings.apiKey());
        }
        return builder;
    }

    private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
        String where = provider() + " at " + settings.endpoint();
        try {
            return client.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw LlmException.transientFailure("could not connect to " + where + " in time", null, e);
        } catch (HttpTimeoutException e) {
            throw LlmException.transientFailure(
                    where + " did not answer within "
                            + request.timeout().map(Duration::toSeconds).orElse(0L) + " s",
                    null,
                    e);
        } catch (ConnectException e) {
            throw LlmException.transientFailure("could not connect to " + where, null, e);
        } catch (IOException e) {
            throw LlmException.transientFailure("I/O error talking to " + where, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmException.transientFailure("interrupted while calling " + where, null, e);
        }
    }

    private void requireSuccess(HttpResponse<?> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String message = provider() + " at " + settings.endpoint() + " answered HTTP " + status;
        if (status == 408 || status == 429 || status >= 500) {
            Duration retryAfter = response.headers()
                    .firstValue("Retry-After")
                    .flatMap(HttpTransport::parseRetryAfter)
                    .orElse(null);
            throw LlmException.transientFailure(message, retryAfter, null);
        }
        throw LlmException.permanent(message + hint(status), null);
    }

    private static String hint(int status) {
        return switch (status) {
            case 401, 403 -> " (check the api-key setting)";
            case 404 -> " (check the base-url and model settings)";
            default -> "";
        };
    }

    /** Retry-After as delay-seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
