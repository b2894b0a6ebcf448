package io.lollmsbot.identity.control;

import io.lollmsbot.common.Role;
import io.lollmsbot.identity.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a console session request needs to know about its user, kept per node while the cluster-wide
 * {@link IdentityVersion} is unchanged: a session request costs that one primary-key read, and any change to a user,
 * their roles or tokens on any node (which moves the version) makes every node read the user again. A directory
 * user's groups are re-read from the directory when due ({@link DirectoryRefresh}).
 */
@ApplicationScoped
public class SessionUsers {

    private static final int MAX_ENTRIES = 10_000;

    @Inject
    UserService users;

    @Inject
    IdentityVersion identityVersion;

    @Inject
    DirectoryRefresh directoryRefresh;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * The user as a session sees them; {@code groups} are the effective roles; {@code directory} is an account of a
     * directory user.
     */
    public record SessionUser(
            long id, String username, boolean enabled, Set<String> groups, long sessionEpoch, boolean directory) {

        static SessionUser of(User user) {
            return new SessionUser(
                    user.id(),
                    user.username(),
                    user.enabled(),
                    Role.effective(user.roles()),
                    user.sessionEpoch(),
                    user.directory());
        }
    }

    private record Entry(Optional<SessionUser> user, long version) {}

    public Optional<SessionUser> find(String username) {
        Optional<SessionUser> user = cached(username);
        if (user.filter(SessionUser::directory).isPresent() && directoryRefresh.refreshIfDue(username)) {
            return cached(username);
        }
        return user;
    }

    private Optional<SessionUser> cached(String username) {
        long version = identityVersion.current();
        Entry entry = entries.get(username);
        if (entry != null && entry.version() == version) {
            return entry.user();
        }
        // read after the version, so a change committed in between is seen now or moves the version again
        Optional<SessionUser> user = users.find(username).map(SessionUser::of);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(username, new Entry(user, version));
        return user;
    }
}
