package io.lollmsbot.memory.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lollmsbot.arquillian.PillarArchives;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.memory.control.ConversationStore;
import io.lollmsbot.memory.entity.Conversation;
import io.lollmsbot.memory.entity.Message;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The conversation store itself, with real JPA on the migrated schema, inside the running Liberty. */
@ExtendWith(ArquillianExtension.class)
class ConversationStoreArqIT {

    @Deployment
    static WebArchive deployment() {
        return PillarArchives.withPersistence("memory")
                .addPackage(Conversation.class.getPackage())
                .addClasses(ConversationStore.class, ConversationStore.Turn.class, ConversationStore.ToolCallLog.class);
    }

    @Inject
    ConversationStore store;

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource database;

    private UUID saveTurn(
            UUID conversation, long owner, String message, String reply, ConversationStore.ToolCallLog... calls) {
        store.save(new ConversationStore.Turn(
                conversation,
                owner,
                UUID.randomUUID(),
                message,
                null,
                UUID.randomUUID(),
                reply,
                null,
                10,
                2,
                List.of(calls)));
        return conversation;
    }

    @Test
    void turnsAreStoredInOrderUnderTheFirstMessagesTitle() throws SQLException {
        long owner = newUser();
        UUID conversation = saveTurn(
                UUID.randomUUID(),
                owner,
                "  What is   on Monday?  ",
                "A meeting.",
                new ConversationStore.ToolCallLog("calendar", "ok", 4, "a".repeat(64)));
        saveTurn(conversation, owner, "And Tuesday?", "Nothing.");

        List<Message> messages = store.messages(conversation, owner, 0, 1_000);
        assertEquals(List.of(1, 2, 3, 4), messages.stream().map(Message::seq).toList());
        assertEquals(
                List.of(Message.USER, Message.ASSISTANT, Message.USER, Message.ASSISTANT),
                messages.stream().map(Message::role).toList());
        assertEquals(
                List.of("  What is   on Monday?  ", "A meeting.", "And Tuesday?", "Nothing."),
                messages.stream().map(Message::content).toList());
        assertEquals(
                "What is on Monday?", store.requireOwned(conversation, owner).title());
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM tool_calls WHERE message_id = ?",
                        messages.get(1).id()));
    }

    @Test
    void anotherUsersConversationIsNotFoundForReadingWritingOrDeleting() throws SQLException {
        long owner = newUser();
        long other = newUser();
        UUID conversation = saveTurn(UUID.randomUUID(), owner, "private", "noted");

        for (Runnable attempt : List.<Runnable>of(
                () -> store.messages(conversation, other, 0, 1_000),
                () -> store.delete(conversation, other),
                () -> saveTurn(conversation, other, "let me in", "no"))) {
            ProblemException notFound = assertThrows(ProblemException.class, attempt::run);
            assertEquals(404, notFound.problem().status());
        }
        assertEquals(2, store.messages(conversation, owner, 0, 1_000).size(), "nothing was added or removed");
        assertEquals(List.of(), store.list(other, 10, null));
        assertEquals(
                List.of(conversation),
                store.list(owner, 10, null).stream().map(Conversation::id).toList());
    }

    @Test
    void deletingAConversationDeletesItsMessages() throws SQLException {
        long owner = newUser();
        UUID conversation = saveTurn(UUID.randomUUID(), owner, "forget me", "forgotten");

        store.delete(conversation, owner);

        assertThrows(ProblemException.class, () -> store.requireOwned(conversation, owner));
        assertEquals(0, count("SELECT count(*) FROM messages WHERE conversation_id = ?", conversation));
    }

    @Test
    void theTextsTokenCountsAreKeptWithThemAndMayBeMissing() throws SQLException {
        long owner = newUser();
        UUID conversation = UUID.randomUUID();
        store.save(new ConversationStore.Turn(
                conversation,
                owner,
                UUID.randomUUID(),
                "hello",
                1,
                UUID.randomUUID(),
                "hi there",
                null,
                3,
                2,
                List.of()));

        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM messages WHERE conversation_id = ? AND seq = 1 AND tokens = 1",
                        conversation));
        assertEquals(
                1,
                count(
                        "SELECT count(*) FROM messages WHERE conversation_id = ? AND seq = 2 AND tokens IS NULL",
                        conversation));
    }

    private long newUser() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO users (username) VALUES (?) RETURNING id")) {
            insert.setString(1, "memory-arq-" + UUID.randomUUID());
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private long count(String sql, UUID id) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
