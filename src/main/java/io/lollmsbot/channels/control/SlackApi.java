package io.lollmsbot.channels.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.logging.Logger;

/** Slack's Web API as far as lollmsbot needs it: {@code chat.postMessage} with the bot token. */
@ApplicationScoped
public class SlackApi {

    private static final Logger LOG = Logger.getLogger(SlackApi.class.getName());
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Posts {@code text} to a conversation (in a thread when there is one); whether Slack took it. */
    public boolean postMessage(SlackSettings settings, String conversation, String thread, String text) {
        JsonObjectBuilder message =
                Json.createObjectBuilder().add("channel", conversation).add("text", text);
        if (thread != null) {
            message.add("thread_ts", thread);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBaseUrl() + "/chat.postMessage"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Authorization", "Bearer " + settings.botToken())
                .POST(HttpRequest.BodyPublishers.ofString(message.build().toString()))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            // Slack answers 200 with {"ok":false,...} for most errors
            boolean ok = response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"ok\":true");
            if (!ok) {
                LOG.warning("Slack did not take a reply (HTTP status " + response.statusCode() + ").");
            }
            return ok;
        } catch (IOException e) {
            LOG.warning(
                    "Slack could not be reached for a reply (" + e.getClass().getSimpleName() + ").");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
