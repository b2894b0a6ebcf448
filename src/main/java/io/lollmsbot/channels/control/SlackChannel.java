package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The Slack Events API: requests signed with the app's signing secret ({@code v0=}), the {@code url_verification}
 * handshake, and {@code event_callback} messages from people (bot messages, edits and other subtypes are ignored,
 * as are Slack's retries of events already handled: the event id is claimed once). Replies go to the conversation
 * the message came from through {@code chat.postMessage} on the configured Web API base URL.
 */
@ApplicationScoped
public class SlackChannel extends InboundChannel {

    public static final String NAME = "slack";
    private static final Pattern EVENT_ID = Pattern.compile("[!-~]{1,256}");
    private static final Pattern USER = Pattern.compile("[\\p{L}\\p{Nd}_\\-@.]{1,200}");
    private static final Pattern CONVERSATION = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    ChatApi api;

    /** What a request asks for: the handshake, a message to answer, or nothing lollmsbot acts on. */
    public sealed interface Inbound {}

    public record Challenge(String challenge) implements Inbound {}

    public record Message(String eventId, String user, String text, String conversation, String thread)
            implements Inbound {}

    public record Ignored(String why) implements Inbound {}

    public void authenticate(String timestamp, String signature, byte[] body) {
        SlackSettings settings = SlackSettings.read(config);
        ChannelGate.open(
                metrics, NAME, settings.enabled(), !settings.signingSecrets().isEmpty());
        ChannelGate.authentic(
                metrics,
                NAME,
                Signatures.check(
                        Signatures.Scheme.SLACK, settings.signingSecrets(), timestamp, signature, body, Instant.now()),
                "Send X-Slack-Request-Timestamp and X-Slack-Signature (v0=<hex HMAC-SHA256 of \"v0:<timestamp>:<body>\">).");
    }

    /** Reads an authenticated request; 400 when it is not an Events API request. */
    public Inbound parse(byte[] body) {
        JsonObject request;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            request = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new ProblemException(400, "The body is not an Events API JSON object.");
        }
        String type = string(request, "type");
        if ("url_verification".equals(type)) {
            String challenge = string(request, "challenge");
            if (challenge == null || challenge.length() > 1_000) {
                throw new ProblemException(400, "A url_verification request needs its challenge.");
            }
            return new Challenge(challenge);
        }
        if (!"event_callback".equals(type)) {
            return ignored("type");
        }
        String eventId = string(request, "event_id");
        JsonValue eventValue = request.get("event");
        if (eventId == null || !EVENT_ID.matcher(eventId).matches() || !(eventValue instanceof JsonObject event)) {
            throw new ProblemException(400, "An event_callback needs an event_id and an event.");
        }
        String kind = string(event, "type");
        if (!"message".equals(kind) && !"app_mention".equals(kind)) {
            return ignored("event type");
        }
        if (event.containsKey("bot_id") || event.containsKey("subtype")) {
            return ignored("bot message or subtype");
        }
        String user = string(event, "user");
        String text = string(event, "text");
        String conversation = string(event, "channel");
        if (user == null
                || !USER.matcher(user).matches()
                || conversation == null
                || !CONVERSATION.matcher(conversation).matches()) {
            throw new ProblemException(400, "A message event needs a user and a channel.");
        }
        if (text == null || text.isBlank()) {
            return ignored("empty text");
        }
        String thread = string(event, "thread_ts");
        if (thread != null && !CONVERSATION.matcher(thread).matches()) {
            thread = null;
        }
        return new Message(eventId, user, text, conversation, thread);
    }

    /** Starts the turn of a message once; Slack's retries of it are acknowledged without another. */
    public void accept(Message message, boolean retry) {
        SlackSettings settings = SlackSettings.read(config);
        ToolCaller caller = ChannelGate.identify(
                metrics, NAME, () -> identities.resolve(NAME, message.user(), settings.autoProvision()));
        turns.start(
                new ChannelTurns.Turn(NAME, message.eventId(), caller, message.text(), null),
                event -> reply(event, message));
        if (retry) {
            metrics.event(NAME, "retry");
        }
    }

    private void reply(ChannelEvent event, Message message) {
        SlackSettings settings = SlackSettings.read(config);
        if (settings.botToken().isEmpty()) {
            return;
        }
        JsonObjectBuilder reply = Json.createObjectBuilder()
                .add("channel", message.conversation())
                .add("text", ChannelReplies.text(event));
        if (message.thread() != null) {
            reply.add("thread_ts", message.thread());
        }
        boolean ok = api.post(
                        NAME,
                        settings.apiBaseUrl() + "/chat.postMessage",
                        settings.botToken(),
                        reply.build().toString())
                .ok();
        events.delivered(NAME, event.id(), ok);
        metrics.reply(NAME, ok ? "delivered" : "failed");
    }

    private Ignored ignored(String why) {
        metrics.event(NAME, "ignored");
        return new Ignored(why);
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString value ? value.getString() : null;
    }
}
