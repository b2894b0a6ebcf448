package io.lollmsbot.soul.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.arquillian.PillarArchives;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.SecretFiles;
import io.lollmsbot.soul.control.Soul;
import io.lollmsbot.soul.entity.SoulVersion;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Soul pillar itself, inside the running Liberty with JPA on the server's database: a saved version becomes the
 * active persona at once, a rollback restores an earlier text as a new version, stale edits are refused, and turns
 * reading the prompt while an admin saves never fail and see one whole version. Every test leaves the persona as it
 * found it (by a rollback, as an admin would).
 */
@ExtendWith(ArquillianExtension.class)
class SoulArqIT {

    private static final String ACTOR = "soul-arq";

    @Deployment
    static WebArchive deployment() {
        return PillarArchives.withPersistence("soul")
                .addPackage(Soul.class.getPackage())
                .addPackage(SoulVersion.class.getPackage())
                .addPackage(AuditLog.class.getPackage())
                .addPackage(AuditEntry.class.getPackage())
                .addClass(SecretFiles.class);
    }

    @Inject
    Soul soul;

    @Inject
    AuditLog audit;

    /**
     * Threads of their own for the readers: on the shared managed executor, readers that wait for the save hold its
     * threads, so on a small busy machine the rest only started once the pool grew (the 30 s start check failed).
     */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    static String persona(String marker) {
        return """
                # Vega

                ## Purpose
                Help the night-sky club (%s).

                ## Values
                - Be precise (priority 5)
                """.formatted(marker);
    }

    @Test
    void aSavedVersionIsActiveAtOnceAndARollbackRestoresTheEarlierText() {
        SoulVersion before = soul.current();
        String marker = "arq-" + UUID.randomUUID();
        try {
            SoulVersion saved = soul.update(persona(marker), before.version(), ACTOR);

            assertEquals(before.version() + 1, saved.version());
            assertEquals(saved.version(), soul.current().version());
            assertTrue(soul.systemPrompt().startsWith("You are Vega."), soul::systemPrompt);
            assertTrue(soul.systemPrompt().contains(marker), "the next read uses the new version, not the cache");
            assertEquals(ACTOR, soul.versions().get(0).createdBy());
        } finally {
            SoulVersion restored = soul.rollback(before.version(), ACTOR);
            assertEquals(before.version(), restored.restoredFrom());
            assertEquals(before.markdown(), restored.markdown());
        }
        assertFalse(soul.systemPrompt().contains(marker), "the rollback is active at once");
        List<String> targets = audit.search(new AuditLog.Query(null, "soul.rollback", ACTOR, 1)).stream()
                .map(entry -> entry.event().target())
                .toList();
        assertEquals(List.of("version " + soul.current().version() + " from " + before.version()), targets);
    }

    @Test
    void anEditOfAnOlderVersionIsRefusedAndChangesNothing() {
        SoulVersion before = soul.current();
        int stale = before.version() - 1;

        ProblemException conflict =
                assertThrows(ProblemException.class, () -> soul.update(persona("stale"), stale, ACTOR));

        assertEquals(409, conflict.problem().status());
        assertEquals(before.version(), soul.current().version());
        ProblemException missing = assertThrows(ProblemException.class, () -> soul.rollback(Integer.MAX_VALUE, ACTOR));
        assertEquals(404, missing.problem().status());
        assertEquals(before.version(), soul.current().version());
    }

    @Test
    void concurrentReadsDuringASaveNeverFailAndSeeOneWholeVersion() throws Exception {
        SoulVersion before = soul.current();
        String oldPrompt = soul.systemPrompt();
        String marker = "arq-" + UUID.randomUUID();
        int readers = 8;
        CountDownLatch reading = new CountDownLatch(readers);
        CountDownLatch saved = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(readers, threads);
        try {
            List<Future<Set<String>>> seen = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                seen.add(executor.submit(() -> {
                    Set<String> prompts = new HashSet<>();
                    prompts.add(soul.systemPrompt());
                    reading.countDown();
                    // read until the save is committed, then once more: bounded by the latch's timeout
                    while (!saved.await(5, TimeUnit.MILLISECONDS)) {
                        prompts.add(soul.systemPrompt());
                    }
                    prompts.add(soul.systemPrompt());
                    return prompts;
                }));
            }
            assertTrue(reading.await(30, TimeUnit.SECONDS), "every reader started");
            soul.update(persona(marker), before.version(), ACTOR);
            saved.countDown();
            String newPrompt = soul.systemPrompt();
            for (Future<Set<String>> reader : seen) {
                Set<String> prompts = reader.get(30, TimeUnit.SECONDS);
                assertTrue(Set.of(oldPrompt, newPrompt).containsAll(prompts), prompts::toString);
                assertTrue(prompts.contains(newPrompt), "the last read after the save sees it: " + prompts);
            }
        } finally {
            saved.countDown();
            executor.shutdown();
            soul.rollback(before.version(), ACTOR);
        }
    }
}
