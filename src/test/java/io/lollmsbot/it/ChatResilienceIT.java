package io.lollmsbot.it;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ChatIT.chatBody;
import static io.lollmsbot.it.ChatIT.chatRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fault tolerance, fallback, lanes and overload, against the running server and the scripted LLMs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatResilienceIT {

    private final Api api = Api.server();
    private String user;
    private String auth;

    @BeforeEach
    void freshUserAndLlm() {
        TestLlm.reset();
        user = api.createUser("lanes", "user");
        auth = basic(user, Api.passwordOf(user));
    }

    /**
     * Failing tests open the primary's circuit (its delay is 2 s in the test server): wait until the primary
     * answers again, so no other test sees the circuit open.
     */
    /** Waits (bounded) until the primary LLM serves again after a test opened its circuit. */
    static void closeCircuit(Api api, String auth) throws InterruptedException {
        int servedInARow = 0;
        for (int attempt = 0; attempt < 20 && servedInARow < 2; attempt++) {
            Thread.sleep(500);
            TestLlm.reset();
            assertEquals(200, api.post("/api/v1/chat", chatBody("closing the circuit", null), auth).status());
            servedInARow = chatRequests(TestLlm.primary()).size() == 1 ? servedInARow + 1 : 0;
        }
        assertEquals(2, servedInARow, "the primary answers again once its circuit closed");
        TestLlm.reset();
    }

    @Test
    @Order(Order.DEFAULT + 1)
    void theCircuitOpensAfterRepeatedFailuresAndTheFallbackAnswers() throws InterruptedException {
        for (int i = 0; i < 12; i++) {
            TestLlm.primary().enqueue(Reply.error(503));
        }
        TestLlm.fallback().enqueue(Reply.text("fallback one"), Reply.text("fallback two"), Reply.text("fallback three"));

        assertEquals("fallback one", api.post("/api/v1/chat", chatBody("one", null), auth).json().getString("reply"));
        assertEquals("fallback two", api.post("/api/v1/chat", chatBody("two", null), auth).json().getString("reply"));
        int primaryCallsBefore = chatRequests(TestLlm.primary()).size();
        assertTrue(primaryCallsBefore >= 2, "the primary was tried first");

        Api.Reply third = api.post("/api/v1/chat", chatBody("three", null), auth);
        assertEquals("fallback three", third.json().getString("reply"));
        assertEquals(primaryCallsBefore, chatRequests(TestLlm.primary()).size(), "the open circuit spares the primary");
        assertEquals(3, chatRequests(TestLlm.fallback()).size());
        assertTrue(TestLlm.fallback().lastRequest().path().equals("/api/chat"), "the fallback speaks the Ollama protocol");

        closeCircuit(api, auth);
    }

    @Test
    void turnsOfOneConversationRunOneAfterAnotherInOrder() throws Exception {
        String conversation = api.post("/api/v1/chat", chatBody("start", null), auth).json().getString("conversationId");
        TestLlm.reset();
        for (int i = 0; i < 3; i++) {
            TestLlm.primary().enqueue(Reply.text("reply " + i).delayed(Duration.ofMillis(300)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String message = "message " + i;
                sent.add(CompletableFuture.supplyAsync(() -> api.post("/api/v1/chat", chatBody(message, conversation), auth), clients));
                Thread.sleep(100);
            }
            for (CompletableFuture<Api.Reply> reply : sent) {
                assertEquals(200, reply.get().status(), () -> reply.join().toString());
            }
        } finally {
            clients.shutdownNow();
        }
        JsonArray stored = api.get("/api/v1/conversations/" + conversation + "/messages", auth).jsonArray();
        List<String> contents = stored.getValuesAs(JsonObject.class).stream().map(m -> m.getString("content")).toList();
        assertEquals(List.of("start", "start", "message 0", "reply 0", "message 1", "reply 1", "message 2", "reply 2"), contents,
                "each turn ran after the previous one finished, in arrival order");
        List<Integer> historySizes = chatRequests(TestLlm.primary()).stream()
                .map(r -> r.json().getJsonArray("messages").size()).toList();
        assertEquals(List.of(4, 6, 8), historySizes, "each turn saw the turns before it");
    }

    @Test
    void aSlowTurnDoesNotBlockOtherUsers() throws Exception {
        TestLlm.primary().enqueue(Reply.text("slow answer").delayed(Duration.ofSeconds(3)));
        CompletableFuture<Api.Reply> slow = CompletableFuture.supplyAsync(() -> api.post("/api/v1/chat", chatBody("slow", null), auth));
        Thread.sleep(300);
        String other = api.createUser("fast", "user");
        Api.Reply fast = api.post("/api/v1/chat", chatBody("quick question", null), basic(other, Api.passwordOf(other)));
        assertEquals(200, fast.status());
        assertFalse(slow.isDone(), "the other user's turn finished while the slow one was still running");
        assertEquals("slow answer", slow.get().json().getString("reply"));
    }

    @Test
    void tooManyWaitingTurnsOfOneUserAreRefusedWith429() throws Exception {
        for (int i = 0; i < 6; i++) {
            TestLlm.primary().enqueue(Reply.text("late " + i).delayed(Duration.ofSeconds(1)));
        }
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String message = "burst " + i;
                sent.add(CompletableFuture.supplyAsync(() -> api.post("/api/v1/chat", chatBody(message, null), auth), clients));
            }
            List<Api.Reply> replies = sent.stream().map(CompletableFuture::join).toList();
            List<Api.Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
            assertFalse(refused.isEmpty(), () -> "per-user queue bound (3) holds: " + replies);
            assertNotNull(refused.get(0).header("Retry-After"));
            ProblemAssertions.assertProblem(refused.get(0), 429);
            assertTrue(replies.stream().allMatch(r -> r.status() == 200 || r.status() == 429), replies::toString);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    @Order(Order.DEFAULT + 2)
    void withoutAReachableLlmChatAnswers503WithRetryAfter() throws InterruptedException {
        TestLlm.primary().enqueue(Reply.error(503), Reply.error(503), Reply.error(503));
        TestLlm.fallback().enqueue(Reply.error(503));
        Api.Reply reply = api.post("/api/v1/chat", chatBody("anyone?", null), auth);
        ProblemAssertions.assertProblem(reply, 503);
        assertNotNull(reply.header("Retry-After"));
        assertEquals(0, api.get("/api/v1/conversations", auth).jsonArray().size());
        closeCircuit(api, auth);
    }
}
