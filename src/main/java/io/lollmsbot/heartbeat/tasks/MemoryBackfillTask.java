package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import io.lollmsbot.memory.control.Memory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Catches up on what the background lane did not get to: messages not yet searchable or embedded, and recent
 * conversations whose rolling summary fell behind (a full lane, a restart between a turn and its maintenance, or
 * vector retrieval switched on after the fact).
 */
@ApplicationScoped
public class MemoryBackfillTask implements HeartbeatTask {

    private static final int BATCH = 500;
    private static final int SUMMARIES = 5;

    @Inject
    Memory memory;

    @Override
    public String name() {
        return "memory-backfill";
    }

    @Override
    public String description() {
        return "Indexes and embeds messages, and summarises long conversations, that the background lane has not processed yet";
    }

    @Override
    public TaskResult run() {
        int embedded = memory.backfillEmbeddings(BATCH);
        int summarised = memory.backfillSummaries(SUMMARIES);
        return TaskResult.ok(
                embedded + " messages embedded, " + summarised + " conversations summarised",
                Map.of("embedded", (long) embedded, "summarised", (long) summarised));
    }
}
