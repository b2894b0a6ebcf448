package io.lollmsbot.identity.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.Base64;

/** The admin console's login: who is logged in, and the CSRF token their state-changing requests must carry. */
record ConsoleSession(String username, String csrfToken) implements Serializable {

    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTE = ConsoleSession.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    static ConsoleSession of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (ConsoleSession) session.getAttribute(ATTRIBUTE);
    }

    /** Starts a fresh session (a new id, so a planted session id is worthless) for this user. */
    static ConsoleSession start(HttpServletRequest request, String username) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        byte[] csrf = new byte[32];
        RANDOM.nextBytes(csrf);
        ConsoleSession session = new ConsoleSession(
                username, Base64.getUrlEncoder().withoutPadding().encodeToString(csrf));
        request.getSession(true).setAttribute(ATTRIBUTE, session);
        return session;
    }

    void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
