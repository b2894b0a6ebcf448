package io.lollmsbot.ratelimit.control;

/**
 * A login attempt counted by {@link RateLimiter#beginLogin}: it remembers the window it was counted in, so a success
 * takes the hits back from that window even when the password check ends in the next one.
 */
public final class LoginAttempt {

    final String clientAddress;
    final String username;
    final boolean knownUser;
    final Window window;

    LoginAttempt(String clientAddress, String username, boolean knownUser, Window window) {
        this.clientAddress = clientAddress;
        this.username = username;
        this.knownUser = knownUser;
        this.window = window;
    }
}
