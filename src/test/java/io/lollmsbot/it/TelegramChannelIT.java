package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ChannelFixtures.json;
import static io.lollmsbot.it.ChannelFixtures.setting;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Telegram webhook channel against the running server, with a local receiver standing in for the Bot API:
 * the secret-token header (right, wrong, missing), a message answered through sendMessage, a replayed update, and
 * the chat allow-list.
 */
class TelegramChannelIT {

    private static final String WEBHOOK = "/api/v1/channels/telegram/webhook";
    private static final String KEYS = "lollmsbot.channels.telegram.";
    private static final String SECRET = "it-telegram-secret-token-0123456789";
    private static final String BOT_TOKEN = "123456:it-bot-token";
    private static final long CHAT = 4_242_4242L;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ScriptedReceiver botApi;
    private final Api api = Api.server();

    @RegisterExtension
    final FreshUser fresh = new FreshUser("telegram");

    private long telegramUser;

    @BeforeAll
    static void configure() throws Exception {
        botApi = ScriptedReceiver.start();
        setting(KEYS + "secret-token", SECRET);
        setting(KEYS + "bot-token", BOT_TOKEN);
        setting(KEYS + "api-base-url", botApi.url("/tg"));
        setting(KEYS + "allowed-chats", Long.toString(CHAT));
        setting(KEYS + "enabled", "true");
    }

    @AfterAll
    static void restore() {
        Api api = Api.server();
        for (String key : new String[] {"enabled", "secret-token", "bot-token", "api-base-url", "allowed-chats"}) {
            api.delete("/api/v1/admin/settings/" + KEYS + key, admin());
        }
        botApi.close();
    }

    @BeforeEach
    void mapFreshUser() {
        botApi.reset();
        telegramUser = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
        Api.Reply mapped = api.put(
                "/api/v1/admin/channels/telegram/users/" + telegramUser,
                "{\"username\":\"" + fresh.user() + "\"}",
                admin());
        assertEquals(200, mapped.status(), mapped::toString);
    }

    @Test
    void aMessageIsAnsweredOnceThroughSendMessage() throws Exception {
        TestLlm.primary().enqueue(Reply.text("Hello, Telegram."), Reply.text("A second turn must not happen."));
        long update = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2);
        String body = update(update, CHAT, telegramUser, "Hello bot");
        assertEquals(200, post(body, SECRET).status());

        ScriptedReceiver.Received sent = botApi.next(WAIT);
        assertEquals("/tg/bot" + BOT_TOKEN + "/sendMessage", sent.path());
        JsonObject message = json(sent.body());
        assertEquals(CHAT, message.getJsonNumber("chat_id").longValue());
        assertEquals("Hello, Telegram.", message.getString("text"));
        assertEquals(7, message.getInt("reply_to_message_id"));

        assertEquals(200, post(body, SECRET).status(), "a replayed update is acknowledged");
        assertEquals(1, TestLlm.primary().chatRequests().size());
        assertEquals(0, botApi.pending());
    }

    @Test
    void aWrongOrMissingSecretTokenIs401() {
        String body = update(1, CHAT, telegramUser, "never");
        assertProblem(post(body, "not-the-secret-token-0123456789"), 401);
        assertProblem(
                api.send(api.request(WEBHOOK)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))),
                401);
        assertProblem(post("{\"message\":{}}", SECRET), 400);
        assertEquals(0, TestLlm.primary().chatRequests().size());
    }

    @Test
    void otherChatsBotsAndUnmappedUsersAreAcknowledgedAndIgnored() {
        long other = CHAT + 1;
        assertEquals(
                200,
                post(update(11, other, telegramUser, "from another chat"), SECRET)
                        .status());
        String bot = "{\"update_id\":12,\"message\":{\"message_id\":7,\"from\":{\"id\":" + telegramUser
                + ",\"is_bot\":true},\"chat\":{\"id\":" + CHAT + "},\"text\":\"beep\"}}";
        assertEquals(200, post(bot, SECRET).status());
        assertEquals(
                200,
                post(update(13, CHAT, telegramUser + 1, "who am I"), SECRET).status());
        assertEquals(0, TestLlm.primary().chatRequests().size());
        assertTrue(botApi.pending() == 0);
    }

    private Api.Reply post(String body, String secret) {
        return api.send(api.request(WEBHOOK)
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String update(long update, long chat, long user, String text) {
        return "{\"update_id\":" + update + ",\"message\":{\"message_id\":7,\"date\":1700000000,\"from\":{\"id\":"
                + user + ",\"is_bot\":false,\"first_name\":\"It\"},\"chat\":{\"id\":" + chat
                + ",\"type\":\"private\"},\"text\":\"" + text + "\"}}";
    }
}
