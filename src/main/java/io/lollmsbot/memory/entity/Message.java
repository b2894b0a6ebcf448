package io.lollmsbot.memory.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One message of a conversation, numbered in order. */
@Entity
@Table(name = "messages")
@NamedQuery(
        name = Message.OF_CONVERSATION,
        query = "select m from Message m where m.conversationId = :conversation order by m.seq")
public class Message {

    public static final String OF_CONVERSATION = "Message.ofConversation";
    /** The stored roles: what the user sent, what the agent answered. */
    public static final String USER = "user";

    public static final String ASSISTANT = "assistant";

    @Id
    private UUID id;

    @Column(name = "conversation_id", nullable = false)
    private UUID conversationId;

    @Column(nullable = false)
    private int seq;

    @Column(nullable = false, length = 16)
    private String role;

    @Column(nullable = false)
    private String content;

    @Column(name = "prompt_tokens")
    private Integer promptTokens;

    @Column(name = "completion_tokens")
    private Integer completionTokens;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Message() {}

    public Message(
            UUID id,
            UUID conversationId,
            int seq,
            String role,
            String content,
            Integer promptTokens,
            Integer completionTokens) {
        this.id = id;
        this.conversationId = conversationId;
        this.seq = seq;
        this.role = role;
        this.content = content;
        this.promptTokens = promptTokens;
        this.completionTokens = completionTokens;
        this.createdAt = Instant.now();
    }

    public UUID id() {
        return id;
    }

    public int seq() {
        return seq;
    }

    public String role() {
        return role;
    }

    public String content() {
        return content;
    }

    public Integer promptTokens() {
        return promptTokens;
    }

    public Integer completionTokens() {
        return completionTokens;
    }

    public Instant createdAt() {
        return createdAt;
    }
}
