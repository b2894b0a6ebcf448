package io.lollmsbot.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lollmsbot.common.ProblemException;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LaneQueueTest {

    private static final long WAIT_SECONDS = 10;

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private LaneQueue lanes;

    private LaneQueue start(int workers, int perUser, int maxQueued) {
        lanes = new LaneQueue();
        lanes.workers = workers;
        lanes.perUser = perUser;
        lanes.maxQueued = maxQueued;
        lanes.requestContext = new LaneRequestContext(); // outside CDI: no interceptor, the work simply runs
        lanes.threadFactory = fake(
                ManagedThreadFactory.class,
                (method, args) -> method.equals("newThread") ? daemon((Runnable) args[0]) : null);
        Timer timer = fake(Timer.class, (method, args) -> null);
        lanes.metrics = fake(MetricRegistry.class, (method, args) -> method.equals("timer") ? timer : null);
        lanes.start();
        return lanes;
    }

    @AfterEach
    void stop() {
        lanes.stop();
    }

    @Test
    void workOfOneKeyRunsOneAtATimeInArrivalOrder() throws Exception {
        start(4, 10, 10);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<String> first = lanes.submit(Lane.INTERACTIVE, "alice", "conversation", () -> {
            firstStarted.countDown();
            await(releaseFirst);
            ran.add("first");
            return "first";
        });
        await(firstStarted);
        CompletableFuture<String> second =
                lanes.submit(Lane.INTERACTIVE, "bob", "conversation", () -> record("second"));
        CompletableFuture<String> third =
                lanes.submit(Lane.INTERACTIVE, "carol", "conversation", () -> record("third"));

        assertFalse(second.isDone(), "the second turn of a conversation waits for the first");
        assertEquals(3, lanes.depth());
        releaseFirst.countDown();

        assertEquals("third", third.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("first", "second", "third"), ran);
        assertEquals("first", first.get());
    }

    @Test
    void differentKeysRunInParallel() throws Exception {
        start(2, 10, 10);
        CountDownLatch both = new CountDownLatch(2);
        Runnable meet = () -> {
            both.countDown();
            await(both);
        };
        CompletableFuture<Void> a = lanes.submit(Lane.INTERACTIVE, "alice", "a", () -> {
            meet.run();
            return null;
        });
        CompletableFuture<Void> b = lanes.submit(Lane.INTERACTIVE, "alice", "b", () -> {
            meet.run();
            return null;
        });

        CompletableFuture.allOf(a, b).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(0, both.getCount(), "both ran at the same time");
    }

    @Test
    void interactiveWorkIsServedBeforeBackgroundAndSystemWork() throws Exception {
        start(1, 10, 10);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        lanes.submit(Lane.INTERACTIVE, "alice", "blocker", () -> {
            busy.countDown();
            await(release);
            return null;
        });
        await(busy);
        CompletableFuture<String> system = lanes.submit(Lane.SYSTEM, "system", "s", () -> record("system"));
        CompletableFuture<String> background = lanes.submit(Lane.BACKGROUND, "system", "b", () -> record("background"));
        CompletableFuture<String> interactive = lanes.submit(Lane.INTERACTIVE, "bob", "i", () -> record("interactive"));
        release.countDown();

        CompletableFuture.allOf(system, background, interactive).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("interactive", "background", "system"), ran);
    }

    @Test
    void aUserWithTooManyWaitingTurnsGets429WithRetryAfter() throws Exception {
        start(1, 2, 10);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> a = lanes.submit(Lane.INTERACTIVE, "alice", "a", () -> {
            await(release);
            return null;
        });
        CompletableFuture<Object> b = lanes.submit(Lane.INTERACTIVE, "alice", "b", () -> null);

        ProblemException refused =
                assertThrows(ProblemException.class, () -> lanes.submit(Lane.INTERACTIVE, "alice", "c", () -> null));
        assertEquals(429, refused.problem().status());
        assertEquals("5", refused.headers().get("Retry-After"));
        CompletableFuture<Object> d = lanes.submit(Lane.INTERACTIVE, "bob", "d", () -> null);
        release.countDown();
        CompletableFuture.allOf(a, b, d).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aFullNodeGets503WithRetryAfter() throws Exception {
        start(1, 10, 2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> a = lanes.submit(Lane.INTERACTIVE, "alice", "a", () -> {
            await(release);
            return null;
        });
        CompletableFuture<Object> b = lanes.submit(Lane.INTERACTIVE, "bob", "b", () -> null);

        ProblemException refused =
                assertThrows(ProblemException.class, () -> lanes.submit(Lane.INTERACTIVE, "carol", "c", () -> null));
        assertEquals(503, refused.problem().status());
        assertEquals("5", refused.headers().get("Retry-After"));
        release.countDown();
        CompletableFuture.allOf(a, b).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aFailedTurnFailsItsFutureAndFreesItsPlace() throws Exception {
        start(1, 1, 10);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> failed = lanes.submit(Lane.INTERACTIVE, "alice", "a", () -> {
            throw boom;
        });

        ExecutionException thrown =
                assertThrows(ExecutionException.class, () -> failed.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, thrown.getCause());
        // another user's turn on the same key runs only once the failed one has given the key back
        assertEquals(
                "next",
                lanes.submit(Lane.INTERACTIVE, "bob", "a", () -> record("next")).get(WAIT_SECONDS, TimeUnit.SECONDS));
        // and alice, allowed one waiting turn, has hers back
        assertEquals(
                "again",
                lanes.submit(Lane.INTERACTIVE, "alice", "a", () -> record("again"))
                        .get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("next", "again"), ran);
    }

    private String record(String name) {
        ran.add(name);
        return name;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out waiting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "lane-test");
        thread.setDaemon(true);
        return thread;
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    /** An implementation of a container interface that answers only what the queue uses. */
    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> switch (method.getName()) {
                    case "toString" -> "fake " + type.getSimpleName();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> answer.answer(method.getName(), args);
                }));
    }

    @Test
    void maintenanceTakesNoUsersPlacesAndIsNotCountedAsWaitingTurns() throws Exception {
        start(1, 1, 2);
        CountDownLatch release = new CountDownLatch(1);
        lanes.submitMaintenance("memory:a", () -> await(release));
        lanes.submitMaintenance("memory:b", () -> ran.add("b"));

        assertEquals(0, lanes.depth(), "maintenance is no turn waiting");
        CompletableFuture<String> turn = lanes.submit(Lane.INTERACTIVE, "alice", "conversation", () -> record("turn"));
        assertEquals(1, lanes.depth());
        release.countDown();

        assertEquals("turn", turn.get(WAIT_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void maintenanceOfAKeyThatHasNotStartedCoversLaterRequests() throws Exception {
        start(1, 1, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Void> running = lanes.submitMaintenance("memory:a", () -> {
            started.countDown();
            await(release);
            runs.incrementAndGet();
        });
        await(started);

        CompletableFuture<Void> next = lanes.submitMaintenance("memory:a", runs::incrementAndGet);
        CompletableFuture<Void> coalesced = lanes.submitMaintenance("memory:a", runs::incrementAndGet);

        assertNotSame(running, next, "work already running does not cover what came after it started");
        assertSame(next, coalesced, "work not started yet covers the later request");
        release.countDown();
        coalesced.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(2, runs.get());
    }

    @Test
    void pendingMaintenanceIsBoundedByTheQueueSizeAndFreedWhenDone() throws Exception {
        start(1, 1, 2);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        lanes.submitMaintenance("memory:a", () -> {
            started.countDown();
            await(release);
        });
        await(started);
        CompletableFuture<Void> b = lanes.submitMaintenance("memory:b", () -> ran.add("b"));

        ProblemException full =
                assertThrows(ProblemException.class, () -> lanes.submitMaintenance("memory:c", () -> ran.add("c")));
        assertEquals(503, full.problem().status());
        assertSame(
                b, lanes.submitMaintenance("memory:b", () -> ran.add("b again")), "a waiting key is still coalesced");
        release.countDown();
        b.get(WAIT_SECONDS, TimeUnit.SECONDS);

        lanes.submitMaintenance("memory:c", () -> ran.add("c")).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("b", "c"), ran);
    }
}
