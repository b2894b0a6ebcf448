package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static io.lollmsbot.it.ChatIT.chatBody;
import static io.lollmsbot.it.ChatIT.chatRequests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lollmsbot.llm.testing.ScriptedLlmServer;
import io.lollmsbot.memory.control.TokenCounter;
import jakarta.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Memory pillar against the running server and the scripted LLM (which echoes the last user message when
 * nothing is queued): rolling summaries of long conversations, recall from the same user's earlier conversations
 * only, and forgetting.
 */
class MemoryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String FACT =
            "My sister Ingrid moved to Trondheim last year and works there as a marine biologist.";

    private final Api api = Api.server();

    /** On a loaded machine the application may still be deploying when the server reports started. */
    @BeforeAll
    static void applicationReady() {
        LibertyServers.awaitDatabaseReady(Api.server(), Duration.ofMinutes(10));
    }

    @BeforeEach
    void quietLlm() {
        TestLlm.reset();
    }

    private String newUser() {
        String user = api.createUser("memory", "user");
        return basic(user, Api.passwordOf(user));
    }

    private JsonObject chat(String auth, String message, String conversationId) {
        Api.Reply reply = api.post("/api/v1/chat", chatBody(message, conversationId), auth);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** Polls the caller's memories (bounded) until the condition holds. */
    private JsonObject awaitMemories(String auth, Predicate<JsonObject> condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonObject memories;
        do {
            Api.Reply reply = api.get("/api/v1/memories?limit=200", auth);
            assertEquals(200, reply.status(), reply::toString);
            memories = reply.json();
            if (condition.test(memories)) {
                return memories;
            }
            LibertyServers.sleep();
        } while (System.nanoTime() < deadline);
        fail("timed out waiting for " + what + ": " + memories);
        return memories;
    }

    private static boolean embeddedPassageContaining(JsonObject memories, String text) {
        return memories.getJsonArray("passages").getValuesAs(JsonObject.class).stream()
                .anyMatch(p -> p.getString("excerpt").contains(text) && p.getBoolean("embedded"));
    }

    private static String lastChatRequest() {
        List<ScriptedLlmServer.RecordedRequest> requests = chatRequests(TestLlm.primary());
        return requests.get(requests.size() - 1).body();
    }

    private static List<JsonObject> messages(String requestBody) {
        return jakarta.json.Json.createReader(new java.io.StringReader(requestBody))
                .readObject()
                .getJsonArray("messages")
                .getValuesAs(JsonObject.class);
    }

    private static List<String> systemMessages(String requestBody) {
        return messages(requestBody).stream()
                .filter(m -> "system".equals(m.getString("role")))
                .map(m -> m.getString("content"))
                .toList();
    }

    /** The model's last request carried recalled notes with {@code text}. */
    private static void assertRecalled(String text, String what) {
        List<String> system = systemMessages(lastChatRequest());
        assertTrue(
                system.stream().anyMatch(s -> s.startsWith("Notes from earlier conversations") && s.contains(text)),
                () -> what + ": " + system);
    }

    @Test
    void aLongConversationIsSummarisedAndTheSummaryReachesTheModel() {
        String auth = newUser();
        String first =
                "Project Heron planning. " + "We compare the northern route with the coastal route. ".repeat(170);
        String conversation = chat(auth, first, null).getString("conversationId");
        chat(
                auth,
                "Second part of the plan. " + "The budget for the coastal route is larger. ".repeat(200),
                conversation);

        JsonObject memories =
                awaitMemories(auth, m -> !m.getJsonArray("summaries").isEmpty(), "a summary");
        JsonObject summary = memories.getJsonArray("summaries").getJsonObject(0);
        assertEquals(conversation, summary.getString("conversationId"));
        assertEquals(2, summary.getInt("upToSeq"), "the first turn is folded, the newest stays verbatim");
        assertTrue(
                chatRequests(TestLlm.primary()).stream().anyMatch(r -> r.body().contains("running summary")),
                "the summary was written by the model");

        chat(auth, "Which route did we compare?", conversation);
        List<String> system = systemMessages(lastChatRequest());
        assertTrue(
                system.stream()
                        .anyMatch(s -> s.startsWith("Summary of the earlier part of this conversation")
                                && s.contains("Project Heron")),
                () -> "the summary reaches the model: " + system);
        assertFalse(
                lastChatRequest().contains("\"content\":\"" + first.substring(0, 40)),
                "the summarised turn itself is no longer sent verbatim");

        assertEquals(
                204, api.delete("/api/v1/conversations/" + conversation, auth).status());
        JsonObject after = api.get("/api/v1/memories", auth).json();
        assertTrue(after.getJsonArray("summaries").isEmpty(), "deleting the conversation deletes its summary");
        assertTrue(after.getJsonArray("passages").isEmpty(), "and its passages");
    }

    @Test
    void aFactFromAnOldConversationIsRecalledForItsOwnerOnly() {
        String owner = newUser();
        String stranger = newUser();
        String old = chat(owner, FACT, null).getString("conversationId");
        chat(stranger, "My brother collects old maps of Norway and lives in a small flat.", null);
        awaitMemories(owner, m -> embeddedPassageContaining(m, "Trondheim"), "the fact to be embedded");
        awaitMemories(stranger, m -> embeddedPassageContaining(m, "old maps"), "the stranger's passage");

        chat(owner, "Where does my sister live these days?", null);
        assertRecalled("Trondheim", "the owner's old fact is recalled");

        chat(stranger, "Where does my sister live these days?", null);
        assertFalse(lastChatRequest().contains("Trondheim"), "never recalled for another user");

        String continued = chat(owner, "Tell me about Trondheim.", old).getString("conversationId");
        assertEquals(old, continued);
        assertTrue(
                systemMessages(lastChatRequest()).stream().noneMatch(s -> s.contains("marine biologist")),
                "the current conversation is history, not a memory");
    }

    @Test
    void aTurnsMessagesAreSearchableByTheirOwnerAsSoonAsTheTurnIsAnswered() throws Exception {
        String conversation = chat(newUser(), FACT, null).getString("conversationId");
        try (Connection db = ItDatabase.superuser();
                PreparedStatement searchable = db.prepareStatement("SELECT count(*) FROM memory_passages p "
                        + "JOIN conversations c ON c.id = p.conversation_id WHERE p.conversation_id = ? "
                        + "AND p.user_id = c.user_id AND p.search @@ to_tsquery('english', 'Trondheim') "
                        + "AND p.search @@ CAST('U' || c.user_id AS tsquery)")) {
            searchable.setObject(1, UUID.fromString(conversation));
            try (ResultSet count = searchable.executeQuery()) {
                count.next();
                assertEquals(2, count.getInt(1), "the message and the (echoed) reply, each under its owner");
            }
        }
    }

    @Test
    void aPassageIsRecalledByItsEmbeddingAloneAndLeavesNoEmbeddingWhenItsConversationIsDeleted() throws Exception {
        String auth = newUser();
        String old = chat(auth, FACT, null).getString("conversationId");
        awaitMemories(auth, m -> embeddedPassageContaining(m, "Trondheim"), "the fact to be embedded");
        List<UUID> passages;
        try (Connection db = ItDatabase.superuser()) {
            passages =
                    ids(db, "SELECT message_id FROM memory_passages WHERE conversation_id = ?", UUID.fromString(old));
            assertEquals(2, passages.size(), "the message and the (echoed) reply");
            assertEquals(2, embeddings(db, passages), "both are embedded");
            // only the owner's lexeme stays in the full-text index: full-text search cannot find these passages
            try (PreparedStatement blank = db.prepareStatement(
                    "UPDATE memory_passages SET search = CAST('U' || user_id AS tsvector) WHERE conversation_id = ?")) {
                blank.setObject(1, UUID.fromString(old));
                assertEquals(2, blank.executeUpdate());
            }
        }

        chat(auth, "Ingrid, my sister, moved to Trondheim last year; she is a marine biologist there.", null);
        assertRecalled("Trondheim", "recalled by its embedding");

        assertEquals(204, api.delete("/api/v1/conversations/" + old, auth).status());
        try (Connection db = ItDatabase.superuser()) {
            assertEquals(0, embeddings(db, passages), "deleting the conversation deletes the embeddings");
        }
    }

    @Test
    void messagesKeepTheirTokenCountsAndLaterTurnsBudgetWithThem() throws Exception {
        String auth = newUser();
        String message = "Remember that the quarterly review moved to the Oslo office.";
        UUID conversation = UUID.fromString(chat(auth, message, null).getString("conversationId"));
        try (Connection db = ItDatabase.superuser();
                TokenCounter tokens = new TokenCounter();
                PreparedStatement stored =
                        db.prepareStatement("SELECT content, tokens FROM messages WHERE conversation_id = ?")) {
            stored.setObject(1, conversation);
            try (ResultSet rows = stored.executeQuery()) {
                int messages = 0;
                while (rows.next()) {
                    messages++;
                    assertEquals(tokens.count(rows.getString(1)), rows.getInt(2), rows.getString(1));
                }
                assertEquals(2, messages, "the message and the (echoed) reply");
            }
            // the stored counts are what the next turn's budget uses: a message stored as huge no longer fits,
            // a reply without a stored count (an older node's) is counted when read
            try (PreparedStatement recount = db.prepareStatement(
                    "UPDATE messages SET tokens = CASE role WHEN 'user' THEN 1000000 END WHERE conversation_id = ?")) {
                recount.setObject(1, conversation);
                assertEquals(2, recount.executeUpdate());
            }
        }

        String question = "Where is the quarterly review now? (" + UUID.randomUUID() + ")";
        chat(auth, question, conversation.toString());
        List<String> sent = chatRequests(TestLlm.primary()).stream()
                .map(ScriptedLlmServer.RecordedRequest::body)
                .filter(body -> body.contains(question))
                .toList();
        assertEquals(
                List.of("assistant"),
                rolesOfMessagesContaining(sent.get(0), "quarterly review moved"),
                "the echoed reply fits, the message stored as huge does not");
    }

    private static List<String> rolesOfMessagesContaining(String requestBody, String text) {
        return messages(requestBody).stream()
                .filter(m -> m.getString("content").contains(text))
                .map(m -> m.getString("role"))
                .toList();
    }

    private static List<UUID> ids(Connection db, String sql, UUID parameter) throws SQLException {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                List<UUID> ids = new ArrayList<>();
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
                return ids;
            }
        }
    }

    private static int embeddings(Connection db, List<UUID> messageIds) throws SQLException {
        try (PreparedStatement count =
                db.prepareStatement("SELECT count(*) FROM memory_embeddings WHERE message_id = ANY(?)")) {
            count.setArray(1, db.createArrayOf("uuid", messageIds.toArray()));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void forgettingRemovesMemories() {
        String auth = newUser();
        String other = newUser();
        String conversation = chat(auth, FACT, null).getString("conversationId");
        chat(auth, "I also keep bees on the roof of my house in Bergen.", null);
        JsonObject memories = awaitMemories(
                auth,
                m -> embeddedPassageContaining(m, "Trondheim") && embeddedPassageContaining(m, "bees"),
                "both facts to be embedded");

        List<String> beeIds = memories.getJsonArray("passages").getValuesAs(JsonObject.class).stream()
                .filter(p -> p.getString("excerpt").contains("bees"))
                .map(p -> p.getString("id"))
                .toList();
        assertEquals(2, beeIds.size(), "the message and the (echoed) reply are both remembered");
        assertEquals(
                404,
                api.delete("/api/v1/memories/" + beeIds.get(0), other).status(),
                "another user's memory is not found");
        for (String id : beeIds) {
            assertEquals(204, api.delete("/api/v1/memories/" + id, auth).status());
        }
        assertEquals(404, api.delete("/api/v1/memories/" + beeIds.get(0), auth).status());
        chat(auth, "Do I keep any bees on my roof?", null);
        assertFalse(lastChatRequest().contains("roof of my house"), "a forgotten passage is not recalled");

        assertEquals(
                204, api.delete("/api/v1/conversations/" + conversation, auth).status());
        assertTrue(
                api.get("/api/v1/memories", auth).json().getJsonArray("passages").getValuesAs(JsonObject.class).stream()
                        .noneMatch(p -> p.getString("excerpt").contains("Trondheim")),
                "deleting a conversation deletes its passages");
        chat(auth, "Where does my sister live these days?", null);
        assertFalse(lastChatRequest().contains("Trondheim"), "nor is it recalled");

        assertEquals(204, api.delete("/api/v1/memories", auth).status());
        JsonObject none = api.get("/api/v1/memories", auth).json();
        assertTrue(
                none.getJsonArray("passages").isEmpty()
                        && none.getJsonArray("summaries").isEmpty(),
                none::toString);
    }

    @Test
    void theHeartbeatSummarisesAndEmbedsAConversationTheBackgroundLaneMissed() throws Exception {
        String user = api.createUser("memory", "user");
        String auth = basic(user, Api.passwordOf(user));
        UUID conversation = UUID.randomUUID();
        try (Connection db = ItDatabase.superuser();
                PreparedStatement message = db.prepareStatement(
                        "INSERT INTO messages (id, conversation_id, seq, role, content) VALUES (?, ?, ?, ?, ?)")) {
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO conversations (id, user_id, title) VALUES (?, ?, 'stored while the lane was full')")) {
                insert.setObject(1, conversation);
                insert.setLong(2, HeartbeatIT.userId(db, user));
                insert.executeUpdate();
            }
            for (int seq = 1; seq <= 4; seq++) {
                message.setObject(1, UUID.randomUUID());
                message.setObject(2, conversation);
                message.setInt(3, seq);
                message.setString(4, seq % 2 == 1 ? "user" : "assistant");
                message.setString(
                        5, "Project Osprey, part " + seq + ". " + "The river crossing needs a ferry. ".repeat(400));
                message.addBatch();
            }
            message.executeBatch();
        }

        Api.Reply run = api.post(HeartbeatIT.HEARTBEAT + "/memory-backfill/run", "", Api.admin());
        assertEquals(202, run.status(), run::toString);
        assertTrue(
                List.of("ok", "skipped").contains(run.json().getString("outcome")),
                "a scheduled run may hold the task at this moment: " + run);
        awaitMemories(
                auth,
                m -> m.getJsonArray("summaries").getValuesAs(JsonObject.class).stream()
                                .anyMatch(s -> s.getString("conversationId").equals(conversation.toString()))
                        && embeddedPassageContaining(m, "Project Osprey, part 4"),
                "the heartbeat's summary and embeddings");
    }
}
