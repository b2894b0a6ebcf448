package io.lollmsbot.memory.control;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Traced;
import io.lollmsbot.memory.entity.Conversation;
import io.lollmsbot.memory.entity.Message;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Conversations and their messages. Every read is scoped to the owner: another user's conversation is "not found".
 * A chat turn is stored in one transaction, so a failed turn leaves nothing behind; the same transaction makes its
 * messages searchable for recall (Memory's full-text passages).
 */
@Stateless
public class ConversationStore {

    private static final int TITLE_LENGTH = 80;

    /**
     * Creates the conversation or, when it exists and is the owner's, locks its row (serialising the turns that
     * number its messages) and moves {@code updated_at}; answers the owner only when the row is the caller's.
     */
    private static final String LOCK_OR_CREATE = """
            INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET updated_at = EXCLUDED.updated_at
            WHERE conversations.user_id = EXCLUDED.user_id
            RETURNING user_id""";

    /**
     * The user message and the reply after the highest sequence number, made searchable in the same statement; a
     * statement of its own, so it reads the messages committed before the conversation's row lock was taken.
     */
    private static final String INSERT_MESSAGES = """
            WITH stored AS (
                INSERT INTO messages (id, conversation_id, seq, role, content, tokens, prompt_tokens, completion_tokens,
                                      created_at)
                SELECT m.id, c.id, c.last + m.n, m.role, m.content, m.tokens, m.prompt_tokens, m.completion_tokens,
                       m.created_at
                FROM (SELECT CAST(? AS uuid) AS id,
                             (SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = ?) AS last) c
                     CROSS JOIN (VALUES (CAST(? AS uuid), 1, 'user', CAST(? AS text), CAST(? AS integer),
                                         CAST(NULL AS integer), CAST(NULL AS integer), CAST(? AS timestamptz)),
                                        (CAST(? AS uuid), 2, 'assistant', CAST(? AS text), CAST(? AS integer),
                                         CAST(? AS integer), CAST(? AS integer), CAST(? AS timestamptz)))
                         AS m (id, n, role, content, tokens, prompt_tokens, completion_tokens, created_at)
                RETURNING id, conversation_id, content, created_at)
            """ + MemoryStore.INDEX_STORED;

    private static final String INSERT_TOOL_CALL = """
            INSERT INTO tool_calls (id, message_id, seq, name, status, duration_ms, arguments_hash, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /**
     * What a completed turn adds to a conversation; {@code userTokens} and {@code replyTokens} are the texts' counts
     * to keep with them ({@link Memory#tokensToStore}, null: none).
     */
    public record Turn(
            UUID conversationId,
            long ownerId,
            UUID userMessageId,
            String userText,
            Integer userTokens,
            UUID replyId,
            String reply,
            Integer replyTokens,
            int promptTokens,
            int completionTokens,
            List<ToolCallLog> toolCalls) {}

    public record ToolCallLog(String name, String status, int durationMs, String argumentsHash) {}

    public Conversation requireOwned(UUID id, long ownerId) {
        Conversation conversation = em.find(Conversation.class, id);
        if (conversation == null || conversation.ownerId() != ownerId) {
            throw notFound();
        }
        return conversation;
    }

    /**
     * The same check as {@link #requireOwned} before a turn is queued, on the request thread: one primary-key read
     * in autocommit, without a JTA transaction or an entity.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void requireOwnedBeforeTurn(UUID id, long ownerId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT user_id FROM conversations WHERE id = ?")) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getLong(1) != ownerId) {
                    throw notFound();
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("reading a conversation failed", e);
        }
    }

    private static ProblemException notFound() {
        return new ProblemException(404, "No such conversation.");
    }

    public List<Conversation> list(long ownerId, int limit, Instant before) {
        return em.createNamedQuery(Conversation.OF_OWNER, Conversation.class)
                .setParameter("owner", ownerId)
                .setParameter("before", before == null ? Instant.parse("9999-12-31T00:00:00Z") : before)
                .setMaxResults(limit)
                .getResultList();
    }

    /** One page of the conversation's messages, oldest first: at most {@code limit}, skipping the first {@code offset}. */
    public List<Message> messages(UUID conversationId, long ownerId, int offset, int limit) {
        requireOwned(conversationId, ownerId);
        return em.createNamedQuery(Message.OF_CONVERSATION, Message.class)
                .setParameter("conversation", conversationId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public void delete(UUID conversationId, long ownerId) {
        em.remove(requireOwned(conversationId, ownerId));
    }

    /** Deletes every conversation (with its messages) that had no turn since the cutoff (retention). */
    public int deleteInactiveSince(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM conversations WHERE updated_at < ?1")
                .setParameter(1, Timestamp.from(cutoff))
                .executeUpdate();
    }

    /**
     * Stores the user message, the tool calls and the reply together; creates the conversation on its first turn.
     * Plain JDBC on the container's connection, so it joins the caller's transaction (the turn's one durable commit):
     * one statement creates or locks the conversation (and moves its {@code updated_at}), one numbers, inserts and
     * indexes both messages after the highest sequence number, then the tool calls (if any).
     */
    @Traced(value = "db.conversation.save", database = true)
    public void save(Turn turn) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection connection = dataSource.getConnection()) {
            if (!lockOrCreate(connection, turn, now)) {
                throw notFound();
            }
            // taken after the lock, so the reply is always later than the message (recall orders by time)
            OffsetDateTime replyAt = OffsetDateTime.now(ZoneOffset.UTC);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_MESSAGES)) {
                int i = 1;
                insert.setObject(i++, turn.conversationId());
                insert.setObject(i++, turn.conversationId());
                insert.setObject(i++, turn.userMessageId());
                insert.setString(i++, turn.userText());
                insert.setObject(i++, turn.userTokens(), Types.INTEGER);
                insert.setObject(i++, now);
                insert.setObject(i++, turn.replyId());
                insert.setString(i++, turn.reply());
                insert.setObject(i++, turn.replyTokens(), Types.INTEGER);
                insert.setInt(i++, turn.promptTokens());
                insert.setInt(i++, turn.completionTokens());
                insert.setObject(i, replyAt);
                insert.executeUpdate();
            }
            insertToolCalls(connection, turn, replyAt);
        } catch (SQLException e) {
            throw new PersistenceException("storing a turn failed", e);
        }
    }

    /**
     * Creates the conversation, or locks it for this transaction and moves its {@code updated_at}; false when it
     * belongs to another user (then nothing is changed: the row is only locked until the rollback).
     */
    private static boolean lockOrCreate(Connection connection, Turn turn, OffsetDateTime now) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(LOCK_OR_CREATE)) {
            upsert.setObject(1, turn.conversationId());
            upsert.setLong(2, turn.ownerId());
            upsert.setString(3, titleOf(turn.userText()));
            upsert.setObject(4, now);
            upsert.setObject(5, now);
            try (ResultSet owner = upsert.executeQuery()) {
                return owner.next();
            }
        }
    }

    private static void insertToolCalls(Connection connection, Turn turn, OffsetDateTime at) throws SQLException {
        if (turn.toolCalls().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TOOL_CALL)) {
            int seq = 0;
            for (ToolCallLog call : turn.toolCalls()) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, turn.replyId());
                insert.setInt(3, ++seq);
                insert.setString(4, call.name());
                insert.setString(5, call.status());
                insert.setInt(6, call.durationMs());
                insert.setString(7, call.argumentsHash());
                insert.setObject(8, at);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static String titleOf(String firstMessage) {
        String oneLine = firstMessage.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_LENGTH ? oneLine : oneLine.substring(0, TITLE_LENGTH - 1) + "…";
    }
}
