package io.lollmsbot.llm.control;

import java.time.Instant;

/**
 * The state of the LLM backends at one probe, for the {@code llm} health check, the admin status and the metrics.
 *
 * @param up        whether a chat turn can be answered (by the primary, or else the fallback)
 * @param reason    why, for operators (never contains credentials; may name hosts, so admins only)
 * @param primary   the primary backend
 * @param fallback  the optional fallback backend
 * @param checkedAt when the backends were probed
 */
public record LlmHealth(boolean up, String reason, Backend primary, Backend fallback, Instant checkedAt) {

    /** What a probe found for one backend. */
    public enum State {
        NOT_CONFIGURED,
        INVALID,
        UNREACHABLE,
        UP;

        /** Lower case with spaces, for JSON and health data. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * @param state  what the probe found
     * @param detail for operators: the address and model when reachable, the problem otherwise
     */
    public record Backend(State state, String detail) {

        public boolean up() {
            return state == State.UP;
        }
    }
}
