package io.lollmsbot.memory.control;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Traced;
import io.lollmsbot.memory.entity.Conversation;
import io.lollmsbot.memory.entity.Message;
import io.lollmsbot.memory.entity.ToolCallRecord;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Conversations and their messages. Every read is scoped to the owner: another user's conversation is "not found".
 * A chat turn is stored in one transaction, so a failed turn leaves nothing behind; the same transaction makes its
 * messages searchable for recall (Memory's full-text passages).
 */
@Stateless
public class ConversationStore {

    private static final int TITLE_LENGTH = 80;
    /** More than a turn's two messages, so messages an earlier, failed indexing left behind are caught up too. */
    private static final int INDEXED_PER_TURN = 16;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    /** What a completed turn adds to a conversation. */
    public record Turn(
            UUID conversationId,
            long ownerId,
            UUID userMessageId,
            String userText,
            UUID replyId,
            String reply,
            int promptTokens,
            int completionTokens,
            List<ToolCallLog> toolCalls) {}

    public record ToolCallLog(String name, String status, int durationMs, String argumentsHash) {}

    public Conversation requireOwned(UUID id, long ownerId) {
        Conversation conversation = em.find(Conversation.class, id);
        if (conversation == null || conversation.ownerId() != ownerId) {
            throw new ProblemException(404, "No such conversation.");
        }
        return conversation;
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

    /** Stores the user message, the tool calls and the reply together; creates the conversation on its first turn. */
    @Traced(value = "db.conversation.save", database = true)
    public void save(Turn turn) {
        Conversation conversation = em.find(Conversation.class, turn.conversationId(), LockModeType.PESSIMISTIC_WRITE);
        if (conversation == null) {
            conversation = new Conversation(turn.conversationId(), turn.ownerId(), titleOf(turn.userText()));
            em.persist(conversation);
        } else if (conversation.ownerId() != turn.ownerId()) {
            throw new ProblemException(404, "No such conversation.");
        }
        Number last =
                (Number) em.createNativeQuery("SELECT COALESCE(MAX(seq), 0) FROM messages WHERE conversation_id = ?1")
                        .setParameter(1, turn.conversationId())
                        .getSingleResult();
        int seq = last.intValue();
        em.persist(new Message(
                turn.userMessageId(), turn.conversationId(), ++seq, Message.USER, turn.userText(), null, null));
        em.persist(new Message(
                turn.replyId(),
                turn.conversationId(),
                ++seq,
                Message.ASSISTANT,
                turn.reply(),
                turn.promptTokens(),
                turn.completionTokens()));
        int callSeq = 0;
        for (ToolCallLog call : turn.toolCalls()) {
            em.persist(new ToolCallRecord(
                    turn.replyId(), ++callSeq, call.name(), call.status(), call.durationMs(), call.argumentsHash()));
        }
        conversation.touch();
        em.flush();
        // the turn becomes searchable for recall in its own transaction: no commit of its own, nothing to catch up
        em.createNativeQuery(MemoryStore.INDEX_CONVERSATION)
                .setParameter(1, turn.conversationId())
                .setParameter(2, INDEXED_PER_TURN)
                .executeUpdate();
    }

    private static String titleOf(String firstMessage) {
        String oneLine = firstMessage.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= TITLE_LENGTH ? oneLine : oneLine.substring(0, TITLE_LENGTH - 1) + "…";
    }
}
