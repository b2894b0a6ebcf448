package io.lollmsbot.channels.control;

import io.lollmsbot.tools.control.NetworkPolicy;
import io.lollmsbot.tools.control.ToolRefused;

/**
 * The SSRF policy for webhook receivers, the http tool's {@link NetworkPolicy} with one difference: the admin's
 * allow-list ({@code lollmsbot.webhooks.allowed-hosts}) adds internal receivers to the public hosts instead of
 * replacing them. Checked when a webhook is created and again before every attempt (DNS may have changed).
 *
 * @throws io.lollmsbot.tools.control.ToolRefused or ToolFailure with the reason a URL may not be reached
 */
final class WebhookTargets {

    private WebhookTargets() {}

    static void check(String url, String allowedHosts) {
        if (allowedHosts.isBlank()) {
            NetworkPolicy.system("").check(url);
            return;
        }
        try {
            NetworkPolicy.system(allowedHosts).check(url);
        } catch (ToolRefused notListed) {
            NetworkPolicy.system("").check(url);
        }
    }
}
