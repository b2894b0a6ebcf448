package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.ChannelEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Telegram Bot API webhook updates: authenticated by the secret token Telegram sends in
 * {@code X-Telegram-Bot-Api-Secret-Token} (set with {@code setWebhook}), acted on once per {@code update_id}, only
 * for text messages from people in allowed chats; replies through {@code sendMessage}. Updates lollmsbot does not
 * act on (other chats, unmapped users, bots, non-text) are acknowledged with 200, so Telegram does not resend them.
 */
@ApplicationScoped
public class TelegramChannel extends InboundChannel {

    public static final String NAME = "telegram";

    @Inject
    ChatApi api;

    public record Message(long updateId, long chat, long messageId, String user, String text) {}

    public void authenticate(String secretToken) {
        TelegramSettings settings = TelegramSettings.read(config);
        ChannelGate.open(
                metrics, NAME, settings.enabled(), !settings.secretTokens().isEmpty());
        byte[] given = secretToken == null ? new byte[0] : secretToken.getBytes(StandardCharsets.UTF_8);
        boolean known = settings.secretTokens().stream()
                .anyMatch(token -> MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), given));
        ChannelGate.authentic(
                metrics,
                NAME,
                known ? null : secretToken == null ? Signatures.Failure.MISSING : Signatures.Failure.MISMATCH,
                "Send the webhook's secret token in X-Telegram-Bot-Api-Secret-Token.");
    }

    /** The text message in an authenticated update, if there is one lollmsbot acts on; 400 for a non-update. */
    public Optional<Message> parse(byte[] body) {
        JsonObject update;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            update = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new ProblemException(400, "The body is not a Telegram update.");
        }
        if (!(update.get("update_id") instanceof JsonNumber updateId)) {
            throw new ProblemException(400, "A Telegram update needs its update_id.");
        }
        if (!(update.get("message") instanceof JsonObject message)
                || !(message.get("text") instanceof JsonString text)
                || !(message.get("from") instanceof JsonObject from)
                || !(message.get("chat") instanceof JsonObject chat)
                || !(from.get("id") instanceof JsonNumber user)
                || !(chat.get("id") instanceof JsonNumber chatId)
                || !(message.get("message_id") instanceof JsonNumber messageId)) {
            return ignored();
        }
        if (from.getBoolean("is_bot", false) || text.getString().isBlank()) {
            return ignored();
        }
        if (!TelegramSettings.read(config).allows(chatId.longValue())) {
            metrics.event(NAME, "rejected");
            return Optional.empty();
        }
        return Optional.of(new Message(
                updateId.longValue(),
                chatId.longValue(),
                messageId.longValue(),
                Long.toString(user.longValue()),
                text.getString()));
    }

    /** Starts the message's turn once; an unmapped user is acknowledged and ignored (counted as rejected). */
    public void accept(Message message) {
        TelegramSettings settings = TelegramSettings.read(config);
        ToolCaller caller;
        try {
            caller = ChannelGate.identify(
                    metrics, NAME, () -> identities.resolve(NAME, message.user(), settings.autoProvision()));
        } catch (ProblemException unmapped) {
            return;
        }
        turns.start(
                new ChannelTurns.Turn(NAME, Long.toString(message.updateId()), caller, message.text(), null),
                event -> reply(event, message));
    }

    private void reply(ChannelEvent event, Message message) {
        TelegramSettings settings = TelegramSettings.read(config);
        if (settings.botToken().isEmpty()) {
            return;
        }
        String url = settings.apiBaseUrl() + "/bot" + settings.botToken() + "/sendMessage";
        String body = Json.createObjectBuilder()
                .add("chat_id", message.chat())
                .add("text", ChannelReplies.text(event))
                .add("reply_to_message_id", message.messageId())
                .build()
                .toString();
        boolean ok = api.post(NAME, url, null, body).ok();
        events.delivered(NAME, event.id(), ok);
        metrics.reply(NAME, ok ? "delivered" : "failed");
    }

    private Optional<Message> ignored() {
        metrics.event(NAME, "ignored");
        return Optional.empty();
    }
}
