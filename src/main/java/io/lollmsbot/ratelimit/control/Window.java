package io.lollmsbot.ratelimit.control;

import java.time.Duration;
import java.time.Instant;

/** A fixed counting window: every instant belongs to the window starting at the last multiple of its length. */
record Window(long startEpochSecond, long lengthSeconds) {

    static Window containing(Instant now, Duration length) {
        long seconds = length.toSeconds();
        return new Window(Math.floorDiv(now.getEpochSecond(), seconds) * seconds, seconds);
    }

    long endEpochSecond() {
        return startEpochSecond + lengthSeconds;
    }

    /** Whole seconds until the window ends, at least 1 (the value of Retry-After). */
    long secondsLeft(Instant now) {
        return Math.max(1, endEpochSecond() - now.getEpochSecond());
    }
}
