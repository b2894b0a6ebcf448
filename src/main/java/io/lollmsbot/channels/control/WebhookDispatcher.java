package io.lollmsbot.channels.control;

import io.lollmsbot.channels.entity.WebhookDelivery;
import io.lollmsbot.tools.control.ToolFailure;
import io.lollmsbot.tools.control.ToolRefused;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Sends the outbox's deliveries: every two seconds on every node, it turns new events into deliveries and makes
 * the attempts that are due. The timer is deliberately not persistent: the state lives in PostgreSQL
 * ({@link WebhookOutbox}), whose locks and leases keep nodes from sending the same attempt, so any live node can
 * do the work and a restart just continues with what is pending.
 */
@Singleton
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final int ATTEMPTS_PER_TICK = 20;
    private static final int MAX_ERROR = 200;

    @Inject
    WebhookOutbox outbox;

    @Inject
    SignedPoster poster;

    @Inject
    ChannelMetrics metrics;

    @Inject
    Config config;

    /** A slow receiver must not stack ticks up behind it. */
    private final AtomicBoolean busy = new AtomicBoolean();

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false, info = "webhooks")
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void tick() {
        if (!busy.compareAndSet(false, true)) {
            return;
        }
        try {
            outbox.fanOut();
            WebhookSettings settings = WebhookSettings.read(config);
            for (WebhookOutbox.Due due : outbox.claimDue(ATTEMPTS_PER_TICK)) {
                attempt(due, settings);
            }
        } catch (RuntimeException e) {
            // the database is down or being migrated: the outbox keeps everything for the next tick
            LOG.warning("Webhook dispatch skipped a tick (" + e.getClass().getSimpleName() + ").");
        } finally {
            busy.set(false);
        }
    }

    private void attempt(WebhookOutbox.Due due, WebhookSettings settings) {
        long started = System.nanoTime();
        int status;
        String error = null;
        try {
            WebhookTargets.check(due.url(), settings.allowedHosts());
            status = poster.post(due.url(), due.secret(), due.payload());
            if (status == SignedPoster.NO_ANSWER) {
                error = "no HTTP answer (connection refused or timed out)";
            }
        } catch (ToolRefused | ToolFailure refused) {
            status = SignedPoster.NO_ANSWER;
            String why = refused.getMessage();
            error = why.length() <= MAX_ERROR ? why : why.substring(0, MAX_ERROR);
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String outcome = outbox.record(
                due, status, durationMs, error, settings.maxAttempts(), settings.delayAfter(due.attempt()));
        metrics.webhook(WebhookDelivery.PENDING.equals(outcome) ? "retried" : outcome);
    }
}
