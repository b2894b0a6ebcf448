package io.lollmsbot.llm.control;

import jakarta.json.JsonObject;
import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

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

    /** POSTs {@code body} and returns the JSON object answered, all of it within the timeout. */
    JsonObject postJson(String path, JsonObject body) {
        HttpResponse<String> response = send(post(path, body), BodyHandlers.ofString());
        requireSuccess(response);
        return JsonSupport.parseObject(response.body(), provider());
    }

    /**
     * POSTs {@code body} and hands each line of the (SSE or NDJSON) answer to {@code lines}, as it arrives. The
     * timeout bounds the wait for the response to start and then every wait for the next line.
     */
    void postStreaming(String path, JsonObject body, Consumer<String> lines) {
        StreamedLines stream = new StreamedLines();
        HttpResponse<StreamedLines> response = send(post(path, body), info -> stream.subscriber());
        try (stream) {
            requireSuccess(response);
            String line;
            while ((line = nextLine(stream)) != null) {
                lines.accept(line);
            }
        }
    }

    /** The next line, null at the end; only failures of the connection itself are mapped, not the consumer's. */
    private String nextLine(StreamedLines stream) {
        String where = provider() + " at " + settings.endpoint();
        try {
            return stream.next(settings.timeout());
        } catch (StreamedLines.IdleException e) {
            throw LlmException.transientFailure(
                    where + " sent nothing for " + settings.timeout().toSeconds() + " s in the middle of the stream",
                    null,
                    null);
        } catch (StreamedLines.StreamBrokenException e) {
            throw LlmException.transientFailure(where + " broke off the stream", null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LlmException.transientFailure("interrupted while reading from " + where, null, e);
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

    /**
     * Sends {@code request} and waits for what {@code handler} makes of the response (the whole body for a string,
     * the headers for a stream) at most the request's timeout. The wait is bounded here rather than left to the
     * JDK client's timer, and an expired wait cancels the exchange, closing its connection.
     */
    private <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) {
        String where = provider() + " at " + settings.endpoint();
        Duration timeout = request.timeout().orElseThrow();
        CompletableFuture<HttpResponse<T>> exchange = client.sendAsync(request, handler);
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(where, timeout, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw LlmException.transientFailure("interrupted while calling " + where, null, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw LlmException.transientFailure("could not connect to " + where + " in time", null, cause);
            } else if (cause instanceof HttpTimeoutException) {
                throw timedOut(where, timeout, cause);
            } else if (cause instanceof ConnectException) {
                throw LlmException.transientFailure("could not connect to " + where, null, cause);
            } else if (cause instanceof IOException) {
                throw LlmException.transientFailure("I/O error talking to " + where, null, cause);
            }
            throw LlmException.transientFailure("failed calling " + where, null, cause);
        }
    }

    private static TransientLlmException timedOut(String where, Duration timeout, Throwable cause) {
        return LlmException.transientFailure(
                where + " did not answer within " + timeout.toSeconds() + " s", null, cause);
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
