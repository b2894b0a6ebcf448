package io.lollmsbot.memory.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A conversation of one user. Its messages are deleted with it. */
@Entity
@Table(name = "conversations")
@NamedQuery(name = Conversation.OF_OWNER, query = """
        select c from Conversation c where c.ownerId = :owner and c.updatedAt < :before order by c.updatedAt desc""")
public class Conversation {

    public static final String OF_OWNER = "Conversation.ofOwner";

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false)
    private long ownerId;

    @Column(length = 200)
    private String title;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected Conversation() {}

    public Conversation(UUID id, long ownerId, String title) {
        this.id = id;
        this.ownerId = ownerId;
        this.title = title;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    public UUID id() {
        return id;
    }

    public long ownerId() {
        return ownerId;
    }

    public String title() {
        return title;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public void touch() {
        updatedAt = Instant.now();
    }
}
