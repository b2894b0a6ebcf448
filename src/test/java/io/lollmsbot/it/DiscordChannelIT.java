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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Discord interactions endpoint against the running server, with a key pair made by the test and a local
 * receiver standing in for Discord's API: PING, Ed25519 signatures (valid, wrong key, tampered, stale), and /ask
 * answered with a deferred response and then a follow-up message.
 */
class DiscordChannelIT {

    private static final String INTERACTIONS = "/api/v1/channels/discord/interactions";
    private static final String KEYS = "lollmsbot.channels.discord.";
    private static final String APPLICATION = "987654321098765432";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ScriptedReceiver discordApi;
    private static KeyPair keys;
    private final Api api = Api.server();

    @RegisterExtension
    final FreshUser fresh = new FreshUser("discord");

    private String discordUser;

    @BeforeAll
    static void configure() throws Exception {
        discordApi = ScriptedReceiver.start();
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        setting(KEYS + "public-key", rawPublicKey(keys));
        setting(KEYS + "application-id", APPLICATION);
        setting(KEYS + "api-base-url", discordApi.url("/discord"));
        setting(KEYS + "enabled", "true");
    }

    @AfterAll
    static void restore() {
        Api api = Api.server();
        for (String key : new String[] {"enabled", "public-key", "application-id", "api-base-url"}) {
            api.delete("/api/v1/admin/settings/" + KEYS + key, admin());
        }
        discordApi.close();
    }

    @BeforeEach
    void mapFreshUser() {
        discordApi.reset();
        discordUser = Long.toString(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        Api.Reply mapped = api.put(
                "/api/v1/admin/channels/discord/users/" + discordUser,
                "{\"username\":\"" + fresh.user() + "\"}",
                admin());
        assertEquals(200, mapped.status(), mapped::toString);
    }

    @Test
    void aPingIsAnsweredWithType1() throws Exception {
        Api.Reply pong = post("{\"type\":1,\"id\":\"1\",\"application_id\":\"" + APPLICATION + "\"}", keys, now());
        assertEquals(200, pong.status(), pong::toString);
        assertEquals(1, pong.json().getInt("type"));
    }

    @Test
    void askIsDeferredThenAnsweredWithAFollowUp() throws Exception {
        TestLlm.primary().enqueue(Reply.text("Hello, Discord."));
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
        Api.Reply deferred = post(ask(id, "interaction-token-" + id, "What is lollmsbot?"), keys, now());
        assertEquals(200, deferred.status(), deferred::toString);
        assertEquals(5, deferred.json().getInt("type"));

        ScriptedReceiver.Received followUp = discordApi.next(WAIT);
        assertEquals("/discord/webhooks/" + APPLICATION + "/interaction-token-" + id, followUp.path());
        JsonObject message = json(followUp.body());
        assertEquals("Hello, Discord.", message.getString("content"));
        assertTrue(TestLlm.primary().lastRequest().body().contains("What is lollmsbot?"));
    }

    @Test
    void badStaleAndForeignSignaturesAre401() throws Exception {
        String body = ask("77", "token-77", "never");
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertProblem(post(body, stranger, now()), 401);
        assertProblem(post(body, keys, Long.toString(Instant.now().getEpochSecond() - 301)), 401);
        String timestamp = now();
        assertProblem(
                api.send(api.request(INTERACTIONS)
                        .header("Content-Type", "application/json")
                        .header("X-Signature-Ed25519", sign(keys, timestamp, body))
                        .header("X-Signature-Timestamp", timestamp)
                        .POST(HttpRequest.BodyPublishers.ofString(body.replace("never", "always")))),
                401);
        assertProblem(
                api.send(api.request(INTERACTIONS)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))),
                401);
        assertProblem(post("{\"type\":2}", keys, now()), 400);
        assertEquals(0, TestLlm.primary().chatRequests().size());
    }

    @Test
    void anUnmappedUserGetsAnEphemeralAnswerAndNoTurn() throws Exception {
        String body = ask("78", "token-78", "who am I").replace(discordUser, "1" + discordUser);
        Api.Reply answer = post(body, keys, now());
        assertEquals(200, answer.status(), answer::toString);
        assertEquals(4, answer.json().getInt("type"));
        assertEquals(64, answer.json().getJsonObject("data").getInt("flags"));
        assertEquals(0, TestLlm.primary().chatRequests().size());
    }

    private Api.Reply post(String body, KeyPair signer, String timestamp) throws GeneralSecurityException {
        return api.send(api.request(INTERACTIONS)
                .header("Content-Type", "application/json")
                .header("X-Signature-Ed25519", sign(signer, timestamp, body))
                .header("X-Signature-Timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private String ask(String id, String token, String question) {
        return "{\"type\":2,\"id\":\"" + id + "\",\"application_id\":\"" + APPLICATION + "\",\"token\":\"" + token
                + "\",\"channel_id\":\"555\",\"member\":{\"user\":{\"id\":\"" + discordUser + "\"}},"
                + "\"data\":{\"name\":\"ask\",\"type\":1,\"options\":[{\"name\":\"question\",\"type\":3,"
                + "\"value\":\"" + question + "\"}]}}";
    }

    private static String sign(KeyPair signer, String timestamp, String body) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(signer.getPrivate());
        signature.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(signature.sign());
    }

    /** The raw 32-byte key Discord shows, in hex: the end of the X.509 encoding. */
    private static String rawPublicKey(KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    private static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }
}
