package io.lollmsbot.it;

import static io.lollmsbot.it.Api.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kills the test server's embedded PostgreSQL with SIGKILL (its postmaster, found by the PID file of that server's
 * data directory only) and checks that the server brings it back by itself, answering 503 meanwhile.
 */
class DatabaseRecoveryLifecycleIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);
    private static final Path PG_DATA =
            Path.of(System.getProperty("it.data.dir", "target/it-data")).resolve("postgres");

    @Test
    void aKilledEmbeddedDatabaseIsBackWithin30SecondsAndCallersGet503Meanwhile() throws Exception {
        Api api = Api.server();
        String user = api.createUser("survivor", "user");
        String auth = basic(user, Api.passwordOf(user));
        assertEquals(200, api.get("/api/v1/me", auth).status());

        ProcessHandle postmaster = postmaster();
        // the whole database dies, as after an OOM kill: a postmaster killed alone leaves its backends serving
        // the pooled connections for a while, so the outage would not always be seen
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        assertFalse(postmaster.onExit().get(10, TimeUnit.SECONDS).isAlive(), "the postmaster is gone");
        long killed = System.nanoTime();

        Api.Reply me = api.get("/api/v1/conversations", auth);
        // its backends notice within moments that the postmaster is gone; until then a request may still pass
        while (me.status() == 200
                && System.nanoTime() - killed < Duration.ofSeconds(10).toNanos()) {
            me = paced(api, auth);
        }
        List<Api.Reply> meanwhile = new ArrayList<>();
        while (me.status() != 200 && System.nanoTime() - killed < RECOVERY.toNanos()) {
            meanwhile.add(me);
            me = paced(api, auth);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - killed).toSeconds();
        assertEquals(200, me.status(), () -> "not back within " + RECOVERY + ": " + meanwhile);
        // the watchdog may bring the database back (about 0.6 s on a quiet machine) before a paced request sees it
        // down; then the pool's new connections already reach the new postmaster and no caller noticed the outage
        for (Api.Reply reply : meanwhile) {
            assertEquals(503, reply.status(), reply::toString);
            assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply::toString);
            assertTrue(reply.header("Retry-After") != null, reply::toString);
        }
        assertTrue(postmaster().pid() != postmaster.pid(), "a new postmaster serves");
        assertEquals(200, api.get("/api/v1/me", auth).status(), "no failed login was counted for the 503s");
        System.out.printf("database back after %d s; %d requests answered 503 meanwhile%n", seconds, meanwhile.size());
    }

    /**
     * One request every 100 ms at most, so the outage is sampled without flooding the server's log. It lists the
     * caller's conversations, which always reads the database ({@code /me} may be answered from the credential cache).
     */
    private static Api.Reply paced(Api api, String auth) throws InterruptedException {
        Thread.sleep(100);
        return api.get("/api/v1/conversations", auth);
    }

    /** The postmaster of the test server's data directory, checked by its command line. */
    private static ProcessHandle postmaster() throws IOException {
        long pid = Long.parseLong(
                Files.readAllLines(PG_DATA.resolve("postmaster.pid")).get(0).strip());
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        String dataDir = PG_DATA.toAbsolutePath().normalize().toString();
        assertTrue(
                process.info().commandLine().map(line -> line.contains(dataDir)).orElse(false),
                "process " + pid + " is the postmaster of " + dataDir);
        return process;
    }
}
