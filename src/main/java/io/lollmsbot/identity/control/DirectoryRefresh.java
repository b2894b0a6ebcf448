package io.lollmsbot.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;

/**
 * Brings directory users' accounts in line with the directory between their logins, so that a group change reaches
 * live console sessions and API tokens: at most every {@code lollmsbot.ldap.refresh-seconds} per user and node, a
 * request of a directory user re-reads their entry and groups (one bind and one search, not one per request). The
 * outcome is written to the user's row, which moves the cluster-wide identity version, so every node applies it on
 * its next request; only when to ask the directory is per node (a login on this node counts as a check).
 */
@ApplicationScoped
public class DirectoryRefresh {

    static final String INTERVAL = "lollmsbot.ldap.refresh-seconds";
    private static final int MAX_ENTRIES = 10_000;

    @Inject
    LdapDirectory directory;

    @Inject
    DirectoryUsers directoryUsers;

    @Inject
    Config config;

    private final Map<String, Instant> checkedAt = new ConcurrentHashMap<>();
    private final Clock clock;

    public DirectoryRefresh() {
        this(Clock.systemUTC());
    }

    DirectoryRefresh(Clock clock) {
        this.clock = clock;
    }

    /**
     * Asks the directory about this user when this node last did longer ago than the interval; true when the user's
     * account changed (roles, or disabled), so the caller reads it again.
     */
    public boolean refreshIfDue(String username) {
        int interval = config.getValue(INTERVAL, Integer.class);
        return interval > 0 && directory.enabled() && claim(username, interval) && refresh(List.of(username)) > 0;
    }

    /** Records a check that a login just made (the bind and group search of a password login). */
    public void checked(String username) {
        bound();
        checkedAt.put(username, clock.instant());
    }

    /** Asks the directory about every enabled directory account; returns how many changed. */
    public int refreshAll() {
        if (!directory.enabled()) {
            return 0;
        }
        List<String> accounts = directoryUsers.enabledAccounts();
        accounts.forEach(this::checked);
        return refresh(accounts);
    }

    private int refresh(List<String> usernames) {
        return directory
                .lookUp(usernames)
                .map(found -> (int) found.entrySet().stream()
                        .filter(entry -> directoryUsers.follow(entry.getKey(), entry.getValue()))
                        .count())
                .orElse(0);
    }

    /** Whether this request is the one that checks now: concurrent requests of the same user do not all ask. */
    private boolean claim(String username, int interval) {
        Instant now = clock.instant();
        Instant last = checkedAt.get(username);
        if (last == null) {
            bound();
            return checkedAt.putIfAbsent(username, now) == null;
        }
        return !now.isBefore(last.plusSeconds(interval)) && checkedAt.replace(username, last, now);
    }

    private void bound() {
        if (checkedAt.size() >= MAX_ENTRIES) {
            checkedAt.clear();
        }
    }
}
