package io.lollmsbot.it;

import static io.lollmsbot.it.ChatIT.chatBody;
import static io.lollmsbot.it.ChatIT.chatRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.it.ChatStreamingIT.Event;
import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the server does when its dependencies or its clients misbehave (issue 17): an LLM that
 * answers garbage or cuts its stream, and a burst of bad requests. Each test leaves the server as it found it.
 */
class FailureBehaviourIT {

    private final Api api = Api.server();

    @RegisterExtension
    final FreshUser fresh = new FreshUser("failures");

    @Test
    void garbageFromBothBackendsIsAClear502AndStoresNothing() {
        TestLlm.primary().enqueue(Reply.malformed());
        TestLlm.fallback().enqueue(Reply.malformed());
        Api.Reply reply = api.post("/api/v1/chat", chatBody("answer me in garbage", null), fresh.auth());
        ProblemAssertions.assertProblem(reply, 502);
        assertEquals(
                0, api.get("/api/v1/conversations", fresh.auth()).jsonArray().size(), "no half-written turn");
        assertEquals(1, chatRequests(TestLlm.primary()).size(), "a malformed answer is not retried");
    }

    @Test
    void aStreamCutByTheLlmEndsWithAnErrorEventAndStoresNothing() {
        TestLlm.primary()
                .enqueue(Reply.text("partial ", "answer ", "never finished").cutAfter(3));
        Api.Reply reply = ChatStreamingIT.stream(api, fresh.auth(), chatBody("stream and die", null));
        assertEquals(200, reply.status(), reply::toString);
        List<Event> events = ChatStreamingIT.events(reply.body());
        Event last = events.get(events.size() - 1);
        assertEquals("error", last.name(), events::toString);
        assertEquals(503, ChatStreamingIT.json(last.data()).getInt("status"), last::data);
        assertFalse(events.stream().anyMatch(e -> e.name().equals("done")), events::toString);
        assertEquals(
                0, api.get("/api/v1/conversations", fresh.auth()).jsonArray().size(), "the cut reply was not stored");
        assertEquals(0, chatRequests(TestLlm.fallback()).size(), "a started stream is not restarted elsewhere");
    }

    @Test
    void aHundredConcurrentBadRequestsAreAll4xxAndTheServerStaysHealthy() throws Exception {
        String auth = fresh.auth();
        List<Supplier<Api.Reply>> bad = List.of(
                () -> api.post("/api/v1/chat", "{\"message\":", auth),
                () -> api.post("/api/v1/chat", "{\"message\":\"\"}", auth),
                () -> api.post("/api/v1/chat", "[1,2,3]", auth),
                () -> api.post("/api/v1/chat", "{\"message\":\"nul \\u0000 here\"}", auth),
                () -> api.post("/api/v1/chat", chatBody("x".repeat(60_000), null), auth),
                () -> api.post("/api/v1/chat", chatBody("to nowhere", "not-a-uuid"), auth),
                () -> api.post("/api/v1/chat", chatBody("anonymous", null), null),
                () -> api.get("/api/v1/conversations/00000000-0000-0000-0000-000000000000/messages", auth),
                () -> api.get("/api/v1/admin/users", auth),
                () -> api.send(api.request("/api/v1/chat")
                        .header("Authorization", auth)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("plain text"))));
        ExecutorService clients = Executors.newFixedThreadPool(25);
        Map<Integer, Integer> statuses = new TreeMap<>();
        try {
            List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add(CompletableFuture.supplyAsync(bad.get(i % bad.size()), clients));
            }
            for (CompletableFuture<Api.Reply> future : sent) {
                Api.Reply reply = future.get();
                statuses.merge(reply.status(), 1, Integer::sum);
                assertTrue(reply.status() >= 400 && reply.status() < 500, reply::toString);
                if (reply.status() != 401) {
                    ProblemAssertions.assertProblem(reply, reply.status());
                }
            }
        } finally {
            clients.shutdownNow();
        }
        assertEquals(100, statuses.values().stream().mapToInt(Integer::intValue).sum(), statuses::toString);

        assertTrue(api.get("/health/ready", null).body().contains("\"status\":\"UP\""), "still ready");
        String other = api.createUser("after-burst", "user");
        Api.Reply chat =
                api.post("/api/v1/chat", chatBody("still there?", null), Api.basic(other, Api.passwordOf(other)));
        assertEquals(200, chat.status(), chat::toString);
    }
}
