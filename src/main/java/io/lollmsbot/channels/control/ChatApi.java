package io.lollmsbot.channels.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * POSTs a reply to a chat platform's API (Slack's chat.postMessage, Telegram's sendMessage, Discord's follow-up
 * webhook) without following redirects. URLs may hold tokens (Telegram's), so they are never logged.
 */
@ApplicationScoped
public class ChatApi {

    private static final Logger LOG = Logger.getLogger(ChatApi.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The platform's answer; status 0 when there was none. */
    public record Answer(int status, String body) {

        /** A 2xx whose body, when the platform wraps answers ({@code {"ok":...}}), says ok. */
        public boolean ok() {
            boolean wrapped = body.contains("\"ok\"");
            return status >= 200
                    && status < 300
                    && (!wrapped || body.replace(" ", "").contains("\"ok\":true"));
        }
    }

    /** @param bearer the token for {@code Authorization: Bearer}, or null when the URL carries the credentials */
    public Answer post(String channel, String url, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        Answer answer;
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            answer = new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            answer = new Answer(0, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer = new Answer(0, "");
        }
        if (!answer.ok()) {
            LOG.warning("A " + channel + " reply was not taken (HTTP status "
                    + (answer.status() == 0 ? "none" : answer.status()) + ").");
        }
        return answer;
    }
}
