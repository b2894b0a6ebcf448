package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Discord interactions endpoint: requests signed with the application's Ed25519 key over
 * {@code "<timestamp><body>"} (and, as for every channel, no older than the replay window), PING answered with
 * type 1, and the {@code /ask} slash command answered at once with a deferred response (type 5) while the turn runs;
 * the reply then goes to the interaction's follow-up webhook.
 */
@ApplicationScoped
public class DiscordChannel extends InboundChannel {

    public static final String NAME = "discord";
    private static final int PING = 1;
    private static final int APPLICATION_COMMAND = 2;
    private static final int DEFERRED_CHANNEL_MESSAGE = 5;
    private static final int CHANNEL_MESSAGE = 4;
    private static final int EPHEMERAL = 64;
    private static final int MAX_CONTENT = 2_000;
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,1000}");
    private static final Pattern SNOWFLAKE = Pattern.compile("[0-9]{1,32}");

    @Inject
    ChatApi api;

    public void authenticate(String signature, String timestamp, byte[] body) {
        DiscordSettings settings = DiscordSettings.read(config);
        ChannelGate.open(
                metrics, NAME, settings.enabled(), !settings.publicKey().isEmpty());
        Signatures.Failure failure;
        if (signature == null || timestamp == null) {
            failure = Signatures.Failure.MISSING;
        } else if (!Signatures.fresh(timestamp, Instant.now())) {
            failure = Signatures.Failure.STALE;
        } else {
            boolean valid = Ed25519.verifies(
                    settings.publicKey(), signature.strip(), timestamp.getBytes(StandardCharsets.UTF_8), body);
            failure = valid ? null : Signatures.Failure.MISMATCH;
        }
        ChannelGate.authentic(
                metrics,
                NAME,
                failure,
                "Send X-Signature-Ed25519 and X-Signature-Timestamp (Ed25519 over \"<timestamp><body>\").");
    }

    /** The interaction response for an authenticated request; 400 when it is not an interaction. */
    public Map<String, Object> handle(byte[] body) {
        JsonObject interaction;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            interaction = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new ProblemException(400, "The body is not a Discord interaction.");
        }
        int type = interaction.get("type") instanceof JsonNumber number ? number.intValue() : -1;
        if (type == PING) {
            return Map.of("type", PING);
        }
        if (type != APPLICATION_COMMAND) {
            throw new ProblemException(400, "Only PING and application commands are handled.");
        }
        String id = string(interaction, "id");
        String token = string(interaction, "token");
        String user = userId(interaction);
        if (id == null
                || !SNOWFLAKE.matcher(id).matches()
                || token == null
                || !TOKEN.matcher(token).matches()
                || user == null
                || !SNOWFLAKE.matcher(user).matches()) {
            throw new ProblemException(400, "An application command needs its id, token and user.");
        }
        JsonObject data = interaction.get("data") instanceof JsonObject object ? object : JsonValue.EMPTY_JSON_OBJECT;
        String question = question(data);
        if (!"ask".equals(string(data, "name")) || question == null || question.isBlank()) {
            metrics.event(NAME, "ignored");
            return message("Use /ask with a question.");
        }
        DiscordSettings settings = DiscordSettings.read(config);
        ToolCaller caller;
        try {
            caller =
                    ChannelGate.identify(metrics, NAME, () -> identities.resolve(NAME, user, settings.autoProvision()));
        } catch (ProblemException refused) {
            return message(refused.problem().detail());
        }
        turns.start(new ChannelTurns.Turn(NAME, id, caller, question, null), event -> followUp(event, token));
        return Map.of("type", DEFERRED_CHANNEL_MESSAGE);
    }

    private void followUp(ChannelEvent event, String token) {
        DiscordSettings settings = DiscordSettings.read(config);
        if (settings.applicationId().isEmpty()) {
            return;
        }
        String text = ChannelReplies.text(event);
        String content = text.length() <= MAX_CONTENT ? text : text.substring(0, MAX_CONTENT - 1) + "…";
        String url = settings.apiBaseUrl() + "/webhooks/" + settings.applicationId() + "/" + token;
        boolean ok = api.post(
                        NAME,
                        url,
                        null,
                        Json.createObjectBuilder()
                                .add("content", content)
                                .build()
                                .toString())
                .ok();
        events.delivered(NAME, event.id(), ok);
        metrics.reply(NAME, ok ? "delivered" : "failed");
    }

    /** An answer only the caller sees. */
    private static Map<String, Object> message(String content) {
        return Map.of("type", CHANNEL_MESSAGE, "data", Map.of("content", content, "flags", EPHEMERAL));
    }

    /** In a server the user is under {@code member}, in a direct message at the top. */
    private static String userId(JsonObject interaction) {
        JsonValue member = interaction.get("member");
        JsonObject holder = member instanceof JsonObject object ? object : interaction;
        return holder.get("user") instanceof JsonObject user ? string(user, "id") : null;
    }

    private static String question(JsonObject data) {
        if (!(data.get("options") instanceof JsonArray options)) {
            return null;
        }
        return options.stream()
                .filter(option -> option instanceof JsonObject)
                .map(option -> (JsonObject) option)
                .filter(option -> "question".equals(string(option, "name")))
                .map(option -> string(option, "value"))
                .findFirst()
                .orElse(null);
    }

    private static String string(JsonObject object, String name) {
        return object.get(name) instanceof JsonString value ? value.getString() : null;
    }
}
