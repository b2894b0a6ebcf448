package io.lollmsbot.ratelimit.control;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of one bucket after a request was counted: allowed while the hits stay within the limit. Its headers
 * belong on the response either way.
 */
public record Quota(int limit, int hits, Window window, Instant now) {

    public boolean allowed() {
        return hits <= limit;
    }

    public int remaining() {
        return Math.max(0, limit - hits);
    }

    /** X-RateLimit-Limit/Remaining/Reset (seconds until the window ends), and Retry-After when refused. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        String reset = Long.toString(window.secondsLeft(now));
        headers.put("X-RateLimit-Limit", Integer.toString(limit));
        headers.put("X-RateLimit-Remaining", Integer.toString(remaining()));
        headers.put("X-RateLimit-Reset", reset);
        if (!allowed()) {
            headers.put("Retry-After", reset);
        }
        return headers;
    }
}
