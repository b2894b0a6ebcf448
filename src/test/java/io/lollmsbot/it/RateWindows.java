package io.lollmsbot.it;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * Rate limits count in fixed one-minute windows of the server's clock, and the test servers run on this machine, so
 * their clock is this JVM's: an attempt that starts and ends within one minute here was counted in one window there.
 * An attempt that crossed a minute boundary is run once more, with fresh users, instead of waiting for a new minute;
 * two attempts in a row lasting a few seconds cannot both cross one.
 */
final class RateWindows {

    private RateWindows() {}

    static <T> T inOneMinute(Supplier<T> attempt) {
        for (int tries = 0; tries < 2; tries++) {
            long minute = minuteOf(Instant.now());
            T result = attempt.get();
            if (minuteOf(Instant.now()) == minute) {
                return result;
            }
        }
        throw new AssertionError("two attempts in a row crossed a minute boundary: each must last a few seconds");
    }

    private static long minuteOf(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), 60);
    }
}
