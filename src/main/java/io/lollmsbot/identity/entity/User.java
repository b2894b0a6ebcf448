package io.lollmsbot.identity.entity;

import io.lollmsbot.common.Role;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_USERNAME, query = "select u from User u where u.username = :username")
@NamedQuery(name = User.ALL, query = "select u from User u order by u.username")
public class User {

    public static final String BY_USERNAME = "User.byUsername";
    public static final String ALL = "User.all";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 256)
    private String username;

    @Column(name = "password_hash", length = 256)
    private String passwordHash;

    @Column(nullable = false)
    private boolean enabled = true;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_roles", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role", nullable = false, length = 32)
    private Set<String> roles = new TreeSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Moves on whenever the user's console sessions must end (see V16); a session started under another is over. */
    @Column(name = "session_epoch", nullable = false)
    private long sessionEpoch;

    /** An account of a directory (LDAP) user: no password of its own, roles and existence follow the directory (V18). */
    @Column(name = "directory", nullable = false)
    private boolean directory;

    protected User() {}

    public User(String username, String passwordHash, Set<Role> roles) {
        this.username = username;
        this.passwordHash = passwordHash;
        setRoles(roles);
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** The local account of a directory user, created at their first login. */
    public static User directoryAccount(String username, Set<Role> roles) {
        User user = new User(username, null, roles);
        user.directory = true;
        return user;
    }

    public Long id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The roles granted directly; see {@link Role#effective(Set)} for what they imply. */
    public Set<Role> roles() {
        return Role.parse(roles);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public boolean directory() {
        return directory;
    }

    public long sessionEpoch() {
        return sessionEpoch;
    }

    /** Ends every console session of this user, on every node (they compare their epoch on each request). */
    public void endSessions() {
        sessionEpoch++;
        touch();
    }

    public void setRoles(Set<Role> newRoles) {
        roles = new TreeSet<>(newRoles.stream().map(Role::key).toList());
        touch();
    }

    public void setPasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
        touch();
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
        touch();
    }

    private void touch() {
        updatedAt = Instant.now();
    }
}
