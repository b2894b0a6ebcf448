package io.lollmsbot.guardian.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.config.control.Cached;
import io.lollmsbot.identity.control.IdentityVersion;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.entity.User;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Users the Guardian keeps away from the chat: quarantined by an admin, automatically after repeated blocked
 * attempts, or all non-admin users at once through the global switch. Admins are exempt from the global switch and
 * from automatic quarantine (they could release themselves anyway, and must stay able to investigate); an admin can
 * still quarantine another admin explicitly. Blocked attempts are counted from the audit log, so the count is the
 * same on every node.
 */
@Stateless
public class Quarantines {

    static final String QUARANTINE_ALL = "lollmsbot.guardian.quarantine-all";
    static final String AUTO_AFTER = "lollmsbot.guardian.auto-quarantine-after";
    static final String AUTO_WINDOW = "lollmsbot.guardian.auto-quarantine-window-minutes";
    private static final String PROBLEM_TYPE = "urn:lollmsbot:problem:quarantined";

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    @Inject
    IdentityVersion identityVersion;

    @Inject
    UserService users;

    @Inject
    AuditLog audit;

    @Inject
    @Cached
    Config config;

    public record Entry(String username, String reason, Instant since, String by) {}

    private record Copy(long version, Map<Long, String> reasons) {}

    /** This node's copy of the quarantine; shared by the bean's instances, so a static. */
    private static volatile Copy copy;

    public List<Entry> list() {
        List<?> rows = em.createNativeQuery(
                        "SELECT u.username, q.reason, q.since, q.quarantined_by FROM guardian_quarantine q "
                                + "JOIN users u ON u.id = q.user_id ORDER BY q.since DESC, u.username")
                .getResultList();
        return rows.stream()
                .map(Object[].class::cast)
                .map(row ->
                        new Entry((String) row[0], (String) row[1], ((Timestamp) row[2]).toInstant(), (String) row[3]))
                .toList();
    }

    /** Quarantines the user, or replaces the reason of an existing quarantine. */
    public Entry quarantine(String username, String reason, String by) {
        User user = existing(username);
        em.createNativeQuery(
                        "INSERT INTO guardian_quarantine (user_id, reason, quarantined_by) VALUES (?1, ?2, ?3) "
                                + "ON CONFLICT (user_id) DO UPDATE SET reason = excluded.reason, since = now(), quarantined_by = excluded.quarantined_by")
                .setParameter(1, user.id())
                .setParameter(2, reason)
                .setParameter(3, by)
                .executeUpdate();
        audit.record(AuditEvent.of(by, GuardianEvent.QUARANTINED.type(), username));
        return list().stream()
                .filter(entry -> entry.username().equals(username))
                .findFirst()
                .orElseThrow();
    }

    /** Releases the user; releasing a user who is not quarantined changes nothing. */
    public void release(String username, String by) {
        User user = existing(username);
        int released = em.createNativeQuery("DELETE FROM guardian_quarantine WHERE user_id = ?1")
                .setParameter(1, user.id())
                .executeUpdate();
        if (released > 0) {
            audit.record(AuditEvent.of(by, GuardianEvent.RELEASED.type(), username));
        }
    }

    /**
     * 403 when the caller may not chat now. Asked before every turn on the request thread, from this node's copy of
     * the quarantined users, kept while the cluster-wide identity version (which every change to the quarantine moves
     * forward, V25) is the one this request read when it was authenticated: no read of its own while nothing
     * changed, and a quarantine made on any node refuses the user's next request.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public void requireAllowed(long userId, boolean admin) {
        if (!admin && config.getValue(QUARANTINE_ALL, Boolean.class)) {
            throw refused("The Guardian has quarantined all users for now. Contact an administrator.");
        }
        String reason = quarantined().get(userId);
        if (reason != null) {
            throw refused(
                    "Your account is quarantined by the Guardian (" + reason + "). An administrator can release it.");
        }
    }

    /** The quarantined users' reasons by user id, as of this request's identity version. */
    private Map<Long, String> quarantined() {
        long version = identityVersion.ofThisRequest();
        Copy current = copy;
        if (current != null && current.version() == version) {
            return current.reasons();
        }
        // read after the version: it holds every change that committed before the version was read
        Map<Long, String> reasons = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT user_id, reason FROM guardian_quarantine");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                reasons.put(rows.getLong(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new PersistenceException("reading the quarantine failed", e);
        }
        copy = new Copy(version, Map.copyOf(reasons));
        return reasons;
    }

    /**
     * Called after a blocked attempt was audited: the user is quarantined once the blocked attempts since the start
     * of the window (or since their last release, whichever is later) reach the setting. Two nodes may both decide
     * so; the insert keeps one quarantine and one audit row.
     */
    public void afterBlocked(long userId, String username, boolean admin) {
        int after = config.getValue(AUTO_AFTER, Integer.class);
        if (after <= 0 || admin) {
            return;
        }
        int windowMinutes = config.getValue(AUTO_WINDOW, Integer.class);
        Instant windowStart = Instant.now().minus(Duration.ofMinutes(windowMinutes));
        Instant since = audit.latest(GuardianEvent.RELEASED.type(), username)
                .filter(windowStart::isBefore)
                .orElse(windowStart);
        if (audit.count(username, GuardianEvent.BLOCKED.type(), since) < after) {
            return;
        }
        int inserted = em.createNativeQuery(
                        "INSERT INTO guardian_quarantine (user_id, reason, quarantined_by) VALUES (?1, ?2, 'guardian') "
                                + "ON CONFLICT (user_id) DO NOTHING")
                .setParameter(1, userId)
                .setParameter(2, after + " messages refused within " + windowMinutes + " minutes")
                .executeUpdate();
        if (inserted > 0) {
            audit.record(AuditEvent.of("guardian", GuardianEvent.QUARANTINED.type(), username));
        }
    }

    private User existing(String username) {
        return users.find(username)
                .orElseThrow(() -> new ProblemException(404, "There is no user named '" + username + "'."));
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(new Problem(PROBLEM_TYPE, "Quarantined", 403, detail, null), Map.of());
    }
}
