package io.lollmsbot.it;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static io.lollmsbot.it.ChatIT.chatBody;
import static io.lollmsbot.it.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server-sent events of /api/v1/chat/stream and the OpenAI-compatible API, including the official OpenAI SDK. */
class ChatStreamingIT {

    private final Api api = Api.server();

    record Event(String name, String data) {
    }

    @RegisterExtension
    final FreshUser fresh = new FreshUser("stream");

    static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            if (name != null || !data.isEmpty()) {
                events.add(new Event(name, data.toString()));
            }
        }
        return events;
    }

    static JsonObject json(String data) {
        try (var reader = Json.createReader(new StringReader(data))) {
            return reader.readObject();
        }
    }

    @Test
    void eventsArriveInOrderAndTheReplyIsStored() {
        TestLlm.primary().enqueue(Reply.text("Stream", "ing ", "works."));
        Api.Reply reply = api.send(api.request("/api/v1/chat/stream").header("Authorization", fresh.auth())
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("Stream please", null))));
        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.header("Content-Type").startsWith("text/event-stream"));
        List<Event> events = events(reply.body());
        assertEquals("meta", events.get(0).name());
        assertEquals("done", events.get(events.size() - 1).name());
        String text = events.stream().filter(e -> "delta".equals(e.name())).map(e -> json(e.data()).getString("text"))
                .collect(Collectors.joining());
        assertEquals("Streaming works.", text);
        JsonObject meta = json(events.get(0).data());
        String stored = api.get("/api/v1/conversations/" + meta.getString("conversationId") + "/messages", fresh.auth()).body();
        assertTrue(stored.contains("Streaming works.") && stored.contains(meta.getString("messageId")), stored);
    }

    @Test
    void aClientThatLeavesMidStreamStillGetsTheReplyStored() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestLlm.primary().enqueue(Reply.text("Stored ", "after ", "you left.").heldUntil(release));
        String conversation;
        URI uri = URI.create(Api.BASE + "/api/v1/chat/stream");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            byte[] body = chatBody("I will not wait", null).getBytes(StandardCharsets.UTF_8);
            String head = "POST " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: " + fresh.auth()
                    + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\nContent-Length: " + body.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertTrue(line != null && line.contains("conversationId"), "the meta event arrives first: " + line);
            conversation = json(line.substring(5).strip()).getString("conversationId");
        }
        // the connection is closed before the model answers; the turn goes on and is stored
        release.countDown();
        String messages = "";
        for (int i = 0; i < 40 && !messages.contains("you left."); i++) {
            Thread.sleep(250);
            Api.Reply stored = api.get("/api/v1/conversations/" + conversation + "/messages", fresh.auth());
            messages = stored.status() == 200 ? stored.body() : "";
        }
        assertTrue(messages.contains("Stored after you left."), messages);
    }

    @Test
    void toolEventsAreStreamedToo() {
        TestLlm.primary().enqueue(Reply.toolCall("calendar", "{\"action\":\"list\"}"), Reply.text("Nothing planned."));
        Api.Reply reply = api.send(api.request("/api/v1/chat/stream").header("Authorization", fresh.auth())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("What is planned?", null))));
        List<String> names = events(reply.body()).stream().map(Event::name).toList();
        assertTrue(names.indexOf("tool") > names.indexOf("meta") && names.indexOf("tool") < names.indexOf("done"), names::toString);
    }

    @Test
    void aRefusalBeforeStreamingIsAPlainProblem() {
        assertProblem(api.send(api.request("/api/v1/chat/stream").header("Authorization", fresh.auth())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody("", null)))), 400);
    }

    @Test
    void modelsAndCompletionsSpeakTheOpenAiShape() {
        JsonObject models = api.get("/v1/models", fresh.auth()).json();
        assertEquals("lollmsbot", models.getJsonArray("data").getJsonObject(0).getString("id"));

        TestLlm.primary().enqueue(Reply.text("Bonjour"));
        String body = """
                {"model":"lollmsbot","messages":[
                  {"role":"system","content":"Answer like a pirate, with plenty of arrr."},
                  {"role":"user","content":"Say hello in French"}]}""";
        Api.Reply reply = api.post("/v1/chat/completions", body, fresh.auth());
        assertEquals(200, reply.status(), reply::toString);
        JsonObject completion = reply.json();
        assertEquals("chat.completion", completion.getString("object"));
        assertEquals("Bonjour", completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"));
        assertTrue(completion.getJsonObject("usage").containsKey("total_tokens"));

        var sent = TestLlm.primary().lastRequest().json().getJsonArray("messages");
        assertTrue(sent.getJsonObject(0).getString("content").contains("lollmsbot"), "the Soul stays the system prompt");
        String clientSystem = sent.getValuesAs(JsonObject.class).stream().filter(m -> m.getString("content").contains("pirate"))
                .findFirst().orElseThrow().getString("role");
        assertEquals("user", clientSystem, "a client's system message is passed on as untrusted user context");
    }

    @Test
    void completionsValidateTheirInput() {
        assertProblem(api.post("/v1/chat/completions", "{\"messages\":[]}", fresh.auth()), 400);
        assertProblem(api.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"assistant\",\"content\":\"hi\"}]}", fresh.auth()), 400);
        assertProblem(api.post("/v1/chat/completions", "{\"model\":\"x\"}", fresh.auth()), 400);
        assertProblem(api.post("/v1/chat/completions", "{", fresh.auth()), 400);
    }

    @Test
    void theOfficialOpenAiSdkWorksPlainAndStreaming() {
        String token = api.post("/api/v1/me/tokens", "{\"name\":\"sdk\"}", fresh.auth()).json().getString("token");
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(Api.BASE + "/v1").apiKey(token).maxRetries(0).build();
        try {
            TestLlm.primary().enqueue(Reply.text("Hello from the SDK"));
            ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("lollmsbot").addUserMessage("Hello?").build());
            assertEquals("Hello from the SDK", completion.choices().get(0).message().content().orElseThrow());

            TestLlm.primary().enqueue(Reply.text("Streamed ", "from ", "the SDK"));
            StringBuilder streamed = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                    ChatCompletionCreateParams.builder().model("lollmsbot").addUserMessage("Stream?").build())) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> choice.delta().content().ifPresent(streamed::append)));
            }
            assertEquals("Streamed from the SDK", streamed.toString());
            assertFalse(TestLlm.primary().lastRequest().body().contains(token), "the caller's token never reaches the provider");
        } finally {
            client.close();
        }
    }
}
