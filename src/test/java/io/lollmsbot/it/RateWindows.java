package io.lollmsbot.it;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Rate limits count in fixed windows of the server's clock (a minute for chat, a setting for failed logins), and the
 * test servers run on this machine, so their clock is this JVM's: an attempt that starts and ends within one window
 * here was counted in one window there. An attempt that crossed a window boundary is run once more, with fresh users,
 * instead of waiting for a new window; two attempts in a row lasting a few seconds cannot both cross one.
 */
final class RateWindows {

    private RateWindows() {}

    static <T> T inOneMinute(Supplier<T> attempt) {
        return inOneWindow(Duration.ofMinutes(1), attempt);
    }

    static <T> T inOneWindow(Duration window, Supplier<T> attempt) {
        for (int tries = 0; tries < 2; tries++) {
            long started = windowOf(Instant.now(), window);
            T result = attempt.get();
            if (windowOf(Instant.now(), window) == started) {
                return result;
            }
        }
        throw new AssertionError(
                "two attempts in a row crossed a boundary of " + window + " windows: each must last a few seconds");
    }

    private static long windowOf(Instant instant, Duration window) {
        return Math.floorDiv(instant.getEpochSecond(), window.toSeconds());
    }
}
