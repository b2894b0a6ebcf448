package io.lollmsbot.channels.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * POSTs a JSON document signed with {@link Signatures} to a receiver, without following redirects (a signed payload
 * goes where it was sent or nowhere), and answers the receiver's status.
 */
@ApplicationScoped
public class SignedPoster {

    /** The status of a request that got no HTTP answer (refused connection, timeout). */
    public static final int NO_ANSWER = 0;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    public int post(String url, String secret, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header(Signatures.TIMESTAMP_HEADER, timestamp)
                .header(
                        Signatures.SIGNATURE_HEADER,
                        Signatures.sign(Signatures.Scheme.LOLLMSBOT, secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }
}
