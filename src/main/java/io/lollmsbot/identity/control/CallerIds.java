package io.lollmsbot.identity.control;

import java.util.Optional;

/**
 * How the database id of the authenticated user travels from the identity store to the resources: as the caller
 * unique id of the validation result, then as a request attribute, so a resource need not look the user up again.
 */
public final class CallerIds {

    /** Request attribute holding the authenticated user's id (a {@link Long}). */
    public static final String REQUEST_ATTRIBUTE = "io.lollmsbot.identity.userId";

    private static final String PREFIX = "lollmsbot-user:";

    private CallerIds() {}

    static String uniqueId(long userId) {
        return PREFIX + userId;
    }

    /** The user id in a caller unique id this application's identity store made; empty for any other. */
    public static Optional<Long> userId(String uniqueId) {
        if (uniqueId == null || !uniqueId.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(uniqueId.substring(PREFIX.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
