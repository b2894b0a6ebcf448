package io.lollmsbot.identity.boundary;

import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
    static ConsoleSession start(
            HttpServletRequest request, HttpServletResponse response, String username, long epoch, int idleSeconds) {
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
        if (request.isSecure()) {
            response.addCookie(secureCookie(request, created.getId()));
        }
        return session;
    }

    /**
     * The session cookie again, marked Secure, for a login that came over TLS. Liberty takes the session cookie's
     * Secure flag from configuration only (one value for both ports), and a Secure cookie set over plain HTTP would be
     * dropped by browsers. Sent after the container's own cookie, this one replaces it in the browser (same name,
     * path and value; RFC 6265 5.3 step 11).
     */
    private static Cookie secureCookie(HttpServletRequest request, String sessionId) {
        SessionCookieConfig config = request.getServletContext().getSessionCookieConfig();
        Cookie cookie = new Cookie(config.getName(), sessionId);
        cookie.setPath(config.getPath() == null ? "/" : config.getPath());
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        String sameSite = config.getAttribute("SameSite");
        if (sameSite != null) {
            cookie.setAttribute("SameSite", sameSite);
        }
        return cookie;
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
