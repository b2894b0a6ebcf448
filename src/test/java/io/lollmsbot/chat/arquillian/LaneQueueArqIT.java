package io.lollmsbot.chat.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lollmsbot.arquillian.PillarArchives;
import io.lollmsbot.chat.control.Lane;
import io.lollmsbot.chat.control.LaneQueue;
import io.lollmsbot.chat.control.LaneRequestContext;
import io.lollmsbot.common.ProblemException;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Lane Queue pillar itself, inside the running Liberty, on its managed threads and with the server's settings. */
@ExtendWith(ArquillianExtension.class)
class LaneQueueArqIT {

    private static final long WAIT_SECONDS = 30;
    /** LOLLMSBOT_LANES_PER_USER of the test server. */
    private static final int PER_USER = 3;

    @Deployment
    static WebArchive deployment() {
        return PillarArchives.of("lanes").addClasses(LaneQueue.class, LaneRequestContext.class, Lane.class);
    }

    @Inject
    LaneQueue lanes;

    @Test
    void workRunsOnManagedThreadsWithTheApplicationsContext() throws Exception {
        Object executor = lanes.submit(
                        Lane.INTERACTIVE,
                        "arq-" + UUID.randomUUID(),
                        "context",
                        () -> new InitialContext().lookup("java:comp/DefaultManagedExecutorService"))
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertNotNull(executor, "java:comp resolves on a lane worker");
    }

    @Test
    void turnsOfOneKeyRunInArrivalOrderAndOthersInParallel() throws Exception {
        String key = "conversation-" + UUID.randomUUID();
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch otherKeyRan = new CountDownLatch(1);
        List<CompletableFuture<?>> all = new ArrayList<>();
        all.add(lanes.submit(Lane.INTERACTIVE, "arq-a-" + UUID.randomUUID(), key, () -> {
            firstRunning.countDown();
            // blocks the key until a turn of another key has run beside it
            await(otherKeyRan);
            return ran.add("first");
        }));
        await(firstRunning);
        for (String name : List.of("second", "third")) {
            all.add(lanes.submit(Lane.INTERACTIVE, "arq-b-" + UUID.randomUUID(), key, () -> ran.add(name)));
        }
        all.add(lanes.submit(Lane.INTERACTIVE, "arq-c-" + UUID.randomUUID(), "other-" + UUID.randomUUID(), () -> {
            otherKeyRan.countDown();
            return true;
        }));

        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(List.of("first", "second", "third"), ran);
    }

    @Test
    void theServersPerUserBoundRefusesTheNextTurnWith429() throws Exception {
        String user = "arq-" + UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Boolean>> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_USER; i++) {
                held.add(lanes.submit(Lane.INTERACTIVE, user, "held-" + UUID.randomUUID(), () -> await(release)));
            }
            ProblemException refused = assertThrows(
                    ProblemException.class, () -> lanes.submit(Lane.INTERACTIVE, user, "one-too-many", () -> true));
            assertEquals(429, refused.problem().status());
            assertEquals("5", refused.headers().get("Retry-After"));
        } finally {
            release.countDown();
        }
        CompletableFuture.allOf(held.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static boolean await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("timed out waiting");
        }
        return true;
    }
}
