package io.lollmsbot.it;

import java.time.Instant;

/** Rate limits count in fixed one-minute windows: a test that must stay in one window waits for a fresh one if needed. */
final class RateWindows {

    private RateWindows() {}

    static void awaitRoomInThisMinute(int secondsNeeded) throws InterruptedException {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 60 - secondsNeeded) {
            Thread.sleep((60 - second + 1) * 1000);
        }
    }
}
