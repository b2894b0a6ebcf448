package io.lollmsbot.chat.control;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.RequestIds;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The Lane Queue of this node: work with the same key (a conversation) runs strictly one at a time in arrival order,
 * different keys run in parallel on the lane's own managed threads, interactive work is served before background and system
 * work, and both the per-user and the total number of waiting turns are bounded (429 or 503 with Retry-After, never
 * an unbounded pile-up). Ordering across nodes is added by the caller with a database lock on the same key.
 * It keeps everything in memory, so its methods run without a transaction: with the default (REQUIRED) every turn's
 * two submissions each began and committed an empty JTA transaction.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LaneQueue {

    private static final String RETRY_AFTER_SECONDS = "5";
    /** The owner of this node's maintenance work; not a valid username. */
    private static final String NODE = "#node";

    /**
     * Lane workers are threads of their own: run on the server's shared executor, turns would wait for the very
     * request threads that wait for them, and a burst could starve the server.
     */
    @Resource
    ManagedThreadFactory threadFactory;

    private ExecutorService executor;

    @Inject
    MetricRegistry metrics;

    @Inject
    LaneRequestContext requestContext;

    @Inject
    @ConfigProperty(name = "lollmsbot.lanes.workers")
    int workers;

    @Inject
    @ConfigProperty(name = "lollmsbot.lanes.per-user")
    int perUser;

    @Inject
    @ConfigProperty(name = "lollmsbot.lanes.max-queued")
    int maxQueued;

    private final Object lock = new Object();
    private final Queue<Job<?>> ready =
            new PriorityQueue<>(Comparator.comparing((Job<?> job) -> job.lane).thenComparingLong(job -> job.seq));
    private final Map<String, Queue<Job<?>>> waitingBehind = new HashMap<>();
    private final Set<String> busyKeys = new HashSet<>();
    private final Map<String, Integer> queuedByUser = new HashMap<>();
    private final Map<String, Job<?>> maintenanceNotStarted = new HashMap<>();
    private int queued;
    private int maintenanceQueued;
    private int running;
    private long arrivals;
    private Timer waitTimer;

    private static final class Job<T> {
        final Lane lane;
        final String user;
        final String key;
        final long seq;
        final long enqueuedNanos = System.nanoTime();
        final Callable<T> work;
        final CompletableFuture<T> result = new CompletableFuture<>();

        Job(Lane lane, String user, String key, long seq, Callable<T> work) {
            this.lane = lane;
            this.user = user;
            this.key = key;
            this.seq = seq;
            this.work = work;
        }
    }

    @PostConstruct
    void start() {
        executor = Executors.newFixedThreadPool(workers, threadFactory);
        metrics.gauge("lollmsbot_lane_queue_depth", this, LaneQueue::depth);
        waitTimer = metrics.timer("lollmsbot_lane_wait");
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /** Queues work under a key; work of the same key never overlaps and runs in submission order. */
    public <T> CompletableFuture<T> submit(Lane lane, String user, String key, Callable<T> work) {
        synchronized (lock) {
            int ofUser = queuedByUser.getOrDefault(user, 0);
            if (ofUser >= perUser) {
                throw overloaded(429, "You have " + ofUser + " requests waiting; wait for them to finish.");
            }
            if (queued >= maxQueued) {
                throw overloaded(503, "The server is busy; try again shortly.");
            }
            // the worker logs and audits under the request id of the caller
            Job<T> job = new Job<>(lane, user, key, ++arrivals, RequestIds.carriedTo(work));
            queuedByUser.merge(user, 1, Integer::sum);
            queued++;
            enqueue(job);
            return job.result;
        }
    }

    /**
     * Queues maintenance of this node under a key on the background lane (e.g. a conversation's memory after a
     * turn): it takes no user's places and does not count towards the turns waiting (so it never makes a user wait
     * or be refused), and it is coalesced: while work of the key has not started yet, a new request is covered by
     * it (maintenance reads the latest state when it runs) and gets its result. At most {@code max-queued} keys wait
     * or run at once; beyond that the request is refused (503).
     */
    public CompletableFuture<Void> submitMaintenance(String key, Runnable work) {
        synchronized (lock) {
            @SuppressWarnings("unchecked")
            Job<Void> waiting = (Job<Void>) maintenanceNotStarted.get(key);
            if (waiting != null) {
                return waiting.result;
            }
            if (maintenanceQueued >= maxQueued) {
                throw overloaded(503, "Too much maintenance is waiting; it is caught up later.");
            }
            Job<Void> job = new Job<>(Lane.BACKGROUND, NODE, key, ++arrivals, RequestIds.carriedTo(() -> {
                work.run();
                return null;
            }));
            maintenanceQueued++;
            maintenanceNotStarted.put(key, job);
            enqueue(job);
            return job.result;
        }
    }

    private void enqueue(Job<?> job) {
        if (busyKeys.add(job.key)) {
            ready.add(job);
        } else {
            waitingBehind.computeIfAbsent(job.key, k -> new ArrayDeque<>()).add(job);
        }
        dispatch();
    }

    public int depth() {
        synchronized (lock) {
            return queued;
        }
    }

    private void dispatch() {
        while (running < workers && !ready.isEmpty()) {
            Job<?> job = ready.poll();
            running++;
            executor.execute(() -> run(job));
        }
    }

    private <T> void run(Job<T> job) {
        if (NODE.equals(job.user)) {
            synchronized (lock) {
                maintenanceNotStarted.remove(job.key, job);
            }
        }
        waitTimer.update(Duration.ofNanos(System.nanoTime() - job.enqueuedNanos));
        try {
            job.result.complete(requestContext.call(job.work));
        } catch (Exception | Error failure) {
            job.result.completeExceptionally(failure);
        } finally {
            finished(job);
        }
    }

    private void finished(Job<?> job) {
        synchronized (lock) {
            running--;
            if (NODE.equals(job.user)) {
                maintenanceQueued--;
            } else {
                queued--;
                queuedByUser.computeIfPresent(job.user, (user, count) -> count > 1 ? count - 1 : null);
            }
            Queue<Job<?>> behind = waitingBehind.get(job.key);
            Job<?> next = behind == null ? null : behind.poll();
            if (next != null) {
                ready.add(next);
            } else {
                waitingBehind.remove(job.key);
                busyKeys.remove(job.key);
            }
            dispatch();
        }
    }

    private static ProblemException overloaded(int status, String detail) {
        return new ProblemException(
                Problem.of(status, Problems.titleFor(status), detail), Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
