package io.lollmsbot.channels.boundary;

import io.lollmsbot.channels.control.SlackChannel;
import io.lollmsbot.chat.boundary.MessageLimit;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code POST /api/v1/channels/slack/events}, the Events API request URL of a Slack app. Slack wants a 2xx within
 * three seconds, so the turn runs in the background and the answer is {@code {"ok":true}} at once.
 */
@Path("api/v1/channels/slack/events")
@RequestScoped
@PermitAll
public class SlackChannelResource {

    @Inject
    SlackChannel slack;

    @Inject
    MessageLimit limit;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> event(
            @HeaderParam("X-Slack-Request-Timestamp") String timestamp,
            @HeaderParam("X-Slack-Signature") String signature,
            @HeaderParam("X-Slack-Retry-Num") String retryNum,
            byte[] body) {
        slack.authenticate(timestamp, signature, body);
        SlackChannel.Inbound inbound = slack.parse(body);
        if (inbound instanceof SlackChannel.Challenge challenge) {
            return Map.of("challenge", challenge.challenge());
        }
        if (inbound instanceof SlackChannel.Message message) {
            limit.check("event.text", message.text());
            slack.accept(message, retryNum != null);
        }
        return Map.of("ok", true);
    }
}
