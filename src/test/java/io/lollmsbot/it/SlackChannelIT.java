package io.lollmsbot.it;

import static io.lollmsbot.it.Api.admin;
import static io.lollmsbot.it.ChannelFixtures.json;
import static io.lollmsbot.it.ChannelFixtures.setting;
import static io.lollmsbot.it.ChannelFixtures.sign;
import static io.lollmsbot.it.ChannelFixtures.signSlack;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Slack-compatible channel against the running server, with a local receiver standing in for Slack's Web API:
 * the url_verification handshake, v0 signatures (valid, wrong, stale), a message answered through
 * chat.postMessage, and bot messages and retries that start no turn.
 */
class SlackChannelIT {

    private static final String EVENTS = "/api/v1/channels/slack/events";
    private static final String KEYS = "lollmsbot.channels.slack.";
    private static final String SETTINGS = "/api/v1/admin/settings/lollmsbot.channels.slack.";
    private static final String SECRET = "it-slack-signing-secret-0123456789";
    private static final String TOKEN = "xoxb-it-bot-token";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ScriptedReceiver slackApi;
    private final Api api = Api.server();

    @RegisterExtension
    final FreshUser fresh = new FreshUser("slack");

    private String slackUser;

    @BeforeAll
    static void configure() throws Exception {
        slackApi = ScriptedReceiver.start();
        Api api = Api.server();
        setting(KEYS + "signing-secret", SECRET);
        setting(KEYS + "bot-token", TOKEN);
        setting(KEYS + "api-base-url", slackApi.url("/api"));
        setting(KEYS + "enabled", "true");
    }

    @AfterAll
    static void restore() {
        Api api = Api.server();
        for (String key : new String[] {"enabled", "signing-secret", "bot-token", "api-base-url"}) {
            api.delete(SETTINGS + key, admin());
        }
        slackApi.close();
    }

    @BeforeEach
    void mapFreshUser() {
        slackApi.reset();
        slackUser = "U" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        Api.Reply mapped = api.put(
                "/api/v1/admin/channels/slack/users/" + slackUser, "{\"username\":\"" + fresh.user() + "\"}", admin());
        assertEquals(200, mapped.status(), mapped::toString);
    }

    @Test
    void theUrlVerificationChallengeIsEchoed() {
        String body = "{\"token\":\"legacy\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                + "\"type\":\"url_verification\"}";
        Api.Reply reply = post(body, SECRET, now(), null);
        assertEquals(200, reply.status(), reply::toString);
        assertEquals(
                "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
                reply.json().getString("challenge"));
        assertProblem(
                api.send(api.request(EVENTS)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))),
                401);
    }

    @Test
    void aMessageIsAnsweredInItsThreadThroughChatPostMessage() throws Exception {
        TestLlm.primary().enqueue(Reply.text("Hello, Slack."));
        Api.Reply ack =
                post(message("Ev" + id(), slackUser, "Hello bot", "1700000000.000100", ""), SECRET, now(), null);
        assertEquals(200, ack.status(), ack::toString);
        assertTrue(ack.json().getBoolean("ok"));

        ScriptedReceiver.Received posted = slackApi.next(WAIT);
        assertEquals("/api/chat.postMessage", posted.path());
        assertEquals("Bearer " + TOKEN, posted.header("Authorization"));
        JsonObject sent = json(posted.body());
        assertEquals("C0IT", sent.getString("channel"));
        assertEquals("Hello, Slack.", sent.getString("text"));
        assertEquals("1700000000.000100", sent.getString("thread_ts"));
        assertTrue(TestLlm.primary().lastRequest().body().contains("Hello bot"));
    }

    @Test
    void botMessagesEditsAndRetriesOfHandledEventsStartNoTurn() throws Exception {
        TestLlm.primary().enqueue(Reply.text("Once."), Reply.text("Twice must not happen."));
        assertEquals(
                200,
                post(message("Ev" + id(), slackUser, "from a bot", null, ",\"bot_id\":\"B1\""), SECRET, now(), null)
                        .status());
        assertEquals(
                200,
                post(
                                message("Ev" + id(), slackUser, "edited", null, ",\"subtype\":\"message_changed\""),
                                SECRET,
                                now(),
                                null)
                        .status());
        String body = message("Ev" + id(), slackUser, "Answer me once", null, "");
        assertEquals(200, post(body, SECRET, now(), null).status());
        slackApi.next(WAIT);
        Api.Reply retry = post(body, SECRET, now(), "1");
        assertEquals(200, retry.status(), retry::toString);
        assertEquals(1, TestLlm.primary().chatRequests().size());
        assertEquals(0, slackApi.pending(), "one reply");
    }

    @Test
    void wrongStaleAndForeignSignaturesAre401() {
        String body = message("Ev" + id(), slackUser, "never", null, "");
        assertProblem(post(body, "another-signing-secret-0123456789", now(), null), 401);
        String stale = Long.toString(Instant.now().getEpochSecond() - 301);
        assertProblem(post(body, SECRET, stale, null), 401);
        String timestamp = now();
        assertProblem(
                api.send(api.request(EVENTS)
                        .header("Content-Type", "application/json")
                        .header("X-Slack-Request-Timestamp", timestamp)
                        .header("X-Slack-Signature", sign(SECRET, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body))),
                401);
        assertProblem(post("{\"type\":\"event_callback\"}", SECRET, now(), null), 400);
        assertProblem(post(message("Ev" + id(), "U-UNMAPPED-" + id(), "who?", null, ""), SECRET, now(), null), 403);
        assertEquals(0, TestLlm.primary().chatRequests().size());
        assertFalse(slackApi.pending() > 0);
    }

    private Api.Reply post(String body, String secret, String timestamp, String retryNum) {
        HttpRequest.Builder request = api.request(EVENTS)
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", timestamp)
                .header("X-Slack-Signature", signSlack(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (retryNum != null) {
            request.header("X-Slack-Retry-Num", retryNum).header("X-Slack-Retry-Reason", "http_timeout");
        }
        return api.send(request);
    }

    private static String message(String eventId, String user, String text, String thread, String extra) {
        return "{\"type\":\"event_callback\",\"team_id\":\"T0IT\",\"event_id\":\"" + eventId + "\",\"event\":{"
                + "\"type\":\"message\",\"channel\":\"C0IT\",\"user\":\"" + user + "\",\"text\":\"" + text + "\","
                + "\"ts\":\"1700000001.000200\"" + (thread == null ? "" : ",\"thread_ts\":\"" + thread + "\"") + extra
                + "}}";
    }

    private static String id() {
        return UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }
}
