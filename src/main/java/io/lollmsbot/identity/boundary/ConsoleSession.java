package io.lollmsbot.identity.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The admin console's login: who is logged in, the CSRF token their state-changing requests must carry, the user's
 * session epoch it started under (see {@code User#endSessions}), when it started and when it was last used.
 */
record ConsoleSession(String username, String csrfToken, long epoch, Instant startedAt, AtomicLong lastSeenMillis)
        implements Serializable {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTE = ConsoleSession.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    static ConsoleSession of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (ConsoleSession) session.getAttribute(ATTRIBUTE);
    }

    /**
     * Starts a fresh session (a new id, so a planted session id is worthless) for this user, which the container
     * drops after {@code idleSeconds} without a request.
     */
    static ConsoleSession start(HttpServletRequest request, String username, long epoch, int idleSeconds) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        byte[] csrf = new byte[32];
        RANDOM.nextBytes(csrf);
        Instant now = Instant.now();
        ConsoleSession session = new ConsoleSession(
                username,
                Base64.getUrlEncoder().withoutPadding().encodeToString(csrf),
                epoch,
                now,
                new AtomicLong(now.toEpochMilli()));
        HttpSession created = request.getSession(true);
        created.setMaxInactiveInterval(idleSeconds);
        created.setAttribute(ATTRIBUTE, session);
        return session;
    }

    /** This session, carrying on under the user's new epoch (after they changed their own password in it). */
    void continueUnder(HttpServletRequest request, long newEpoch) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(
                    ATTRIBUTE, new ConsoleSession(username, csrfToken, newEpoch, startedAt, lastSeenMillis));
        }
    }

    Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis.get());
    }

    void seen(Instant now) {
        lastSeenMillis.set(now.toEpochMilli());
    }

    void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
