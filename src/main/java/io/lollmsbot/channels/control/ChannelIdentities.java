package io.lollmsbot.channels.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.UserAdministration;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.entity.User;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which lollmsbot user a channel's user ({@code generic:alice}, {@code slack:U123}) acts as: a mapping an admin set,
 * or, when the channel allows it, a user with role {@code user} provisioned on first contact and named
 * {@code <channel>:<external id>}. The lollmsbot user is then subject to everything REST chat is: Guardian,
 * quarantine, rate limits, audit.
 */
@Stateless
public class ChannelIdentities {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    UserService users;

    @Inject
    UserAdministration administration;

    @Inject
    AuditLog audit;

    public record Mapping(String channel, String externalId, String username) {}

    /** The user behind a channel user; 403 when there is none and the channel does not provision one. */
    public ToolCaller resolve(String channel, String externalId, boolean autoProvision) {
        // two first events of one channel user at once must not both provision
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "channel-user:" + channel + ":" + externalId)
                .getSingleResult();
        Optional<User> mapped = mappedUser(channel, externalId);
        User user;
        if (mapped.isPresent()) {
            user = mapped.get();
        } else if (autoProvision) {
            user = provision(channel, externalId);
        } else {
            throw new ProblemException(
                    403,
                    "This " + channel + " channel user is not mapped to a lollmsbot user; ask an admin to map it.");
        }
        if (!user.enabled()) {
            throw new ProblemException(403, "The lollmsbot user of this channel user is disabled.");
        }
        return new ToolCaller(user.id(), user.username(), user.roles().contains(Role.ADMIN));
    }

    public Mapping map(String actor, String channel, String externalId, String username) {
        User user =
                users.find(username).orElseThrow(() -> new ProblemException(404, "No user named '" + username + "'."));
        upsert(channel, externalId, user);
        audit.record(AuditEvent.of(actor, "channel.user.mapped", channel + ":" + externalId));
        return new Mapping(channel, externalId, user.username());
    }

    public void unmap(String actor, String channel, String externalId) {
        int deleted = em.createNativeQuery("DELETE FROM channel_users WHERE channel = ?1 AND external_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, externalId)
                .executeUpdate();
        if (deleted == 0) {
            throw new ProblemException(404, "This channel user is not mapped.");
        }
        audit.record(AuditEvent.of(actor, "channel.user.unmapped", channel + ":" + externalId));
    }

    public List<Mapping> list(String channel) {
        List<?> rows = em.createNativeQuery("SELECT c.external_id, u.username FROM channel_users c "
                        + "JOIN users u ON u.id = c.user_id WHERE c.channel = ?1 ORDER BY c.external_id")
                .setParameter(1, channel)
                .getResultList();
        return rows.stream()
                .map(row -> (Object[]) row)
                .map(row -> new Mapping(channel, (String) row[0], (String) row[1]))
                .toList();
    }

    private Optional<User> mappedUser(String channel, String externalId) {
        List<?> ids = em.createNativeQuery("SELECT user_id FROM channel_users WHERE channel = ?1 AND external_id = ?2")
                .setParameter(1, channel)
                .setParameter(2, externalId)
                .getResultList();
        return ids.stream().findFirst().map(id -> em.find(User.class, ((Number) id).longValue()));
    }

    /** A user named after the channel user; one that already carries that name is taken, not duplicated. */
    private User provision(String channel, String externalId) {
        String username = channel + ":" + externalId;
        User user = users.find(username).orElseGet(() -> {
            byte[] password = new byte[32];
            RANDOM.nextBytes(password);
            // nobody knows the password: the user acts only through its channel
            return administration.create(
                    "channel:" + channel,
                    username,
                    Base64.getEncoder().encodeToString(password),
                    Set.of(Role.USER),
                    true);
        });
        upsert(channel, externalId, user);
        return user;
    }

    private void upsert(String channel, String externalId, User user) {
        em.createNativeQuery("INSERT INTO channel_users (channel, external_id, user_id) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (channel, external_id) DO UPDATE SET user_id = EXCLUDED.user_id, "
                        + "updated_at = now()")
                .setParameter(1, channel)
                .setParameter(2, externalId)
                .setParameter(3, user.id())
                .executeUpdate();
    }
}
