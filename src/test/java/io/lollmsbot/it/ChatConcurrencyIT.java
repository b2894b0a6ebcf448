package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.Api.bearer;
import static io.lollmsbot.it.ChatIT.chatBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Many users chatting at once, with the memory's embedding model loaded as on a server in use (every turn then
 * embeds its query for recall). Issue 11's regression: with the query embedding on the server's shared executor,
 * whose threads are the request threads waiting for the turns, 32 concurrent turns stalled (1 turn/s, 503s from
 * the starved connection pool, timeouts). Every turn must be answered, each with its own reply.
 */
class ChatConcurrencyIT {

    private static final int USERS = 40;
    /** Generous: the turns are answered in a few seconds on a loaded machine; the regression never finished them. */
    private static final Duration BOUND = Duration.ofSeconds(90);

    private static final Duration MODEL_WAIT = Duration.ofSeconds(90);

    private final Api api = Api.server();

    @Test
    void fortyUsersChattingAtOnceAreAllAnswered() throws Exception {
        TestLlm.reset();
        loadTheEmbeddingModel();
        List<String> auths = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            auths.add(bearer(tokenOf(api.createUser("crowd", "user"))));
        }

        ExecutorService clients = Executors.newFixedThreadPool(USERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String auth = auths.get(i);
                String message = "Tell me about the harbour, turn " + i;
                Callable<String> turn = () -> {
                    start.await();
                    return outcome(api.post("/api/v1/chat", chatBody(message, null), auth), message);
                };
                outcomes.add(clients.submit(turn));
            }
            start.countDown();

            long deadline = System.nanoTime() + BOUND.toNanos();
            Map<String, Integer> counted = new TreeMap<>();
            for (Future<String> outcome : outcomes) {
                String result;
                try {
                    result = outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    result = "not answered within " + BOUND.toSeconds() + " s";
                } catch (ExecutionException e) {
                    Throwable failure =
                            e.getCause().getCause() != null ? e.getCause().getCause() : e.getCause();
                    result = failure.getClass().getSimpleName();
                }
                counted.merge(result, 1, Integer::sum);
            }
            assertEquals(Map.of("200 with its own reply", USERS), counted, "every concurrent turn is answered");
        } finally {
            clients.shutdownNow();
        }
    }

    /** One turn, then its passage embedded by the turn's background maintenance: the model is loaded from then on. */
    private void loadTheEmbeddingModel() {
        String user = api.createUser("crowd-warm", "user");
        String auth = basic(user, Api.passwordOf(user));
        Api.Reply first = api.post("/api/v1/chat", chatBody("The lighthouse keeper feeds the gulls", null), auth);
        assertEquals(200, first.status(), first::toString);
        long deadline = System.nanoTime() + MODEL_WAIT.toNanos();
        do {
            Api.Reply memories = api.get("/api/v1/memories?limit=200", auth);
            assertEquals(200, memories.status(), memories::toString);
            if (memories.json().getJsonArray("passages").getValuesAs(JsonObject.class).stream()
                    .anyMatch(passage -> passage.getBoolean("embedded"))) {
                return;
            }
            LibertyServers.sleep();
        } while (System.nanoTime() < deadline);
        fail("the warm-up turn's passage was not embedded within " + MODEL_WAIT);
    }

    /**
     * An API token issued by an administrator: the turns authenticate as the benchmark's clients do, not with a
     * password whose deliberate hashing cost would dominate 40 requests at once.
     */
    private String tokenOf(String user) {
        Api.Reply issued = api.post("/api/v1/admin/users/" + user + "/tokens", "{\"name\":\"crowd\"}", Api.admin());
        assertEquals(201, issued.status(), issued::toString);
        return issued.json().getString("token");
    }

    private static String outcome(Api.Reply reply, String message) {
        if (reply.status() != 200) {
            return reply.status() + " " + reply.body();
        }
        return message.equals(reply.json().getString("reply")) ? "200 with its own reply" : "200 with another reply";
    }
}
