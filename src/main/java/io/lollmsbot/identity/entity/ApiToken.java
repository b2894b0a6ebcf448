package io.lollmsbot.identity.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An API token. Only the SHA-256 of the secret is stored; the secret itself is shown once, at creation. */
@Entity
@Table(name = "api_tokens")
@NamedQuery(name = ApiToken.BY_HASH, query = "select t from ApiToken t join fetch t.user where t.tokenHash = :hash")
@NamedQuery(
        name = ApiToken.OF_USER,
        query = "select t from ApiToken t where t.user = :user and t.revokedAt is null order by t.createdAt desc")
public class ApiToken {

    public static final String BY_HASH = "ApiToken.byHash";
    public static final String OF_USER = "ApiToken.ofUser";

    @Id
    private UUID id;

    @ManyToOne(optional = false)
    @JoinColumn(name = "user_id")
    private User user;

    @Column(nullable = false, length = 128)
    private String name;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {}

    public ApiToken(User user, String name, String tokenHash, Instant expiresAt) {
        this.id = UUID.randomUUID();
        this.user = user;
        this.name = name;
        this.tokenHash = tokenHash;
        this.createdAt = Instant.now();
        this.expiresAt = expiresAt;
    }

    public boolean usableAt(Instant now) {
        // an owner without roles is a directory user no longer in any mapped group
        return revokedAt == null
                && (expiresAt == null || expiresAt.isAfter(now))
                && user.enabled()
                && !user.roles().isEmpty();
    }

    public UUID id() {
        return id;
    }

    public User user() {
        return user;
    }

    public String name() {
        return name;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant lastUsedAt() {
        return lastUsedAt;
    }

    public void markUsed(Instant now) {
        lastUsedAt = now;
    }

    public void revoke(Instant now) {
        revokedAt = now;
    }
}
