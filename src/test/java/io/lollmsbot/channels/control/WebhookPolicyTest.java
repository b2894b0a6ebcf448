package io.lollmsbot.channels.control;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.tools.control.ToolRefused;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookPolicyTest {

    @Test
    void internalReceiversNeedTheAllowList() {
        assertThrows(ToolRefused.class, () -> WebhookTargets.check("http://127.0.0.1:8080/hook", ""));
        assertThrows(ToolRefused.class, () -> WebhookTargets.check("http://10.0.0.7/hook", "127.0.0.1"));
        assertThrows(ToolRefused.class, () -> WebhookTargets.check("http://169.254.169.254/latest", "127.0.0.1"));
        assertDoesNotThrow(() -> WebhookTargets.check("http://127.0.0.1:8080/hook", "127.0.0.1"));
        assertDoesNotThrow(() -> WebhookTargets.check("http://127.0.0.1:8080/hook", "127.0.0.1:8080"));
        assertThrows(ToolRefused.class, () -> WebhookTargets.check("http://127.0.0.1:9090/hook", "127.0.0.1:8080"));
    }

    @Test
    void theAllowListAddsToPublicHostsInsteadOfReplacingThem() {
        assertDoesNotThrow(() -> WebhookTargets.check("https://93.184.216.34/hook", ""));
        assertDoesNotThrow(() -> WebhookTargets.check("https://93.184.216.34/hook", "127.0.0.1"));
        assertThrows(ToolRefused.class, () -> WebhookTargets.check("ftp://93.184.216.34/hook", ""));
    }

    @Test
    void retriesDoubleWithJitterUpToAnHour() {
        WebhookSettings settings = new WebhookSettings("", 6, 10);
        for (int i = 0; i < 50; i++) {
            assertBetween(settings.delayAfter(1), 5_000, 10_000);
            assertBetween(settings.delayAfter(3), 20_000, 40_000);
            assertBetween(settings.delayAfter(19), 1_800_000, 3_600_000);
        }
    }

    private static void assertBetween(Duration delay, long minMillis, long maxMillis) {
        assertTrue(
                delay.toMillis() >= minMillis && delay.toMillis() <= maxMillis,
                delay + " not within " + minMillis + ".." + maxMillis + " ms");
    }
}
