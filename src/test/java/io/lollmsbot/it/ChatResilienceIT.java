package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ChatIT.chatBody;
import static io.lollmsbot.it.ChatIT.chatRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.llm.testing.ScriptedLlmServer.Reply;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fault tolerance, fallback, lanes and overload, against the running server and the scripted LLMs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatResilienceIT {

    private final Api api = Api.server();

    @RegisterExtension
    final FreshUser fresh = new FreshUser("lanes");

    /**
     * Failing tests open the primary's circuit (its delay is 2 s in the test server): wait until the primary
     * answers again (bounded), so no other test sees the circuit open.
     */
    static void closeCircuit(Api api, String auth) throws InterruptedException {
        int servedInARow = 0;
        for (int attempt = 0; attempt < 20 && servedInARow < 2; attempt++) {
            Thread.sleep(500);
            TestLlm.reset();
            assertEquals(
                    200,
                    api.post("/api/v1/chat", chatBody("closing the circuit", null), auth)
                            .status());
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
        TestLlm.fallback()
                .enqueue(Reply.text("fallback one"), Reply.text("fallback two"), Reply.text("fallback three"));

        assertEquals(
                "fallback one",
                api.post("/api/v1/chat", chatBody("one", null), fresh.auth())
                        .json()
                        .getString("reply"));
        assertEquals(
                "fallback two",
                api.post("/api/v1/chat", chatBody("two", null), fresh.auth())
                        .json()
                        .getString("reply"));
        int primaryCallsBefore = chatRequests(TestLlm.primary()).size();
        assertTrue(primaryCallsBefore >= 2, "the primary was tried first");

        Api.Reply third = api.post("/api/v1/chat", chatBody("three", null), fresh.auth());
        assertEquals("fallback three", third.json().getString("reply"));
        assertEquals(primaryCallsBefore, chatRequests(TestLlm.primary()).size(), "the open circuit spares the primary");
        assertEquals(3, chatRequests(TestLlm.fallback()).size());
        assertTrue(
                TestLlm.fallback().lastRequest().path().equals("/api/chat"), "the fallback speaks the Ollama protocol");

        closeCircuit(api, fresh.auth());
    }

    @Test
    void turnsOfOneConversationRunOneAfterAnother() throws Exception {
        String conversation = api.post("/api/v1/chat", chatBody("start", null), fresh.auth())
                .json()
                .getString("conversationId");
        TestLlm.reset();
        CountDownLatch release = new CountDownLatch(1);
        TestLlm.primary()
                .enqueue(Reply.text("reply 0").heldUntil(release), Reply.text("reply 1"), Reply.text("reply 2"));
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<CompletableFuture<Api.Reply>> sent = new ArrayList<>();
            sent.add(CompletableFuture.supplyAsync(
                    () -> api.post("/api/v1/chat", chatBody("message 0", conversation), fresh.auth()), clients));
            TestLlm.primary().awaitChatRequests(1);
            // turn 0 is with the model: the next two wait behind it in the conversation's lane
            for (int i = 1; i < 3; i++) {
                String message = "message " + i;
                sent.add(CompletableFuture.supplyAsync(
                        () -> api.post("/api/v1/chat", chatBody(message, conversation), fresh.auth()), clients));
            }
            release.countDown();
            for (CompletableFuture<Api.Reply> reply : sent) {
                assertEquals(200, reply.get().status(), () -> reply.join().toString());
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
        JsonArray stored = api.get("/api/v1/conversations/" + conversation + "/messages", fresh.auth())
                .jsonArray();
        List<String> contents = stored.getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("content"))
                .toList();
        assertEquals(List.of("start", "start", "message 0", "reply 0"), contents.subList(0, 4), contents::toString);
        assertEquals(List.of("reply 1", "reply 2"), List.of(contents.get(5), contents.get(7)), contents::toString);
        assertEquals(Set.of("message 1", "message 2"), Set.of(contents.get(4), contents.get(6)), contents::toString);
        List<Integer> historySizes = chatRequests(TestLlm.primary()).stream()
                .map(r -> r.json().getJsonArray("messages").size())
                .toList();
        assertEquals(List.of(4, 6, 8), historySizes, "each turn ran after the previous one finished and saw it");
    }

    @Test
    void aSlowTurnDoesNotBlockOtherUsers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestLlm.primary().enqueue(Reply.text("slow answer").heldUntil(release));
        try {
            CompletableFuture<Api.Reply> slow =
                    CompletableFuture.supplyAsync(() -> api.post("/api/v1/chat", chatBody("slow", null), fresh.auth()));
            TestLlm.primary().awaitChatRequests(1);
            String other = api.createUser("fast", "user");
            Api.Reply fast =
                    api.post("/api/v1/chat", chatBody("quick question", null), basic(other, Api.passwordOf(other)));
            assertEquals(200, fast.status());
            assertFalse(slow.isDone(), "the other user's turn finished while the slow one was still with the model");
            release.countDown();
            assertEquals("slow answer", slow.get().json().getString("reply"));
        } finally {
            release.countDown();
        }
    }

    @Test
    void tooManyWaitingTurnsOfOneUserAreRefusedWith429() throws Exception {
        int perUser = 3; // LOLLMSBOT_LANES_PER_USER of the test server
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < perUser; i++) {
            TestLlm.primary().enqueue(Reply.text("late " + i).heldUntil(release));
        }
        ExecutorService clients = Executors.newFixedThreadPool(2 * perUser);
        try {
            ExecutorCompletionService<Api.Reply> replies = new ExecutorCompletionService<>(clients);
            for (int i = 0; i < 2 * perUser; i++) {
                String message = "burst " + i;
                replies.submit(() -> api.post("/api/v1/chat", chatBody(message, null), fresh.auth()));
            }
            // while the model holds the first turns, every turn beyond the bound is answered at once
            for (int i = 0; i < perUser; i++) {
                Api.Reply refused = replies.take().get();
                ProblemAssertions.assertProblem(refused, 429);
                assertNotNull(refused.header("Retry-After"));
            }
            TestLlm.primary().awaitChatRequests(perUser);
            release.countDown();
            for (int i = 0; i < perUser; i++) {
                assertEquals(200, replies.take().get().status());
            }
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
    }

    @Test
    @Order(Order.DEFAULT + 2)
    void withoutAReachableLlmChatAnswers503WithRetryAfter() throws InterruptedException {
        TestLlm.primary().enqueue(Reply.error(503), Reply.error(503), Reply.error(503));
        TestLlm.fallback().enqueue(Reply.error(503));
        Api.Reply reply = api.post("/api/v1/chat", chatBody("anyone?", null), fresh.auth());
        ProblemAssertions.assertProblem(reply, 503);
        assertNotNull(reply.header("Retry-After"));
        assertEquals(
                0, api.get("/api/v1/conversations", fresh.auth()).jsonArray().size());
        closeCircuit(api, fresh.auth());
    }
}
