package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import io.lollmsbot.memory.control.Memory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Catches up on what the background lane did not get to: messages not yet searchable or embedded (a full lane, a
 * restart between a turn and its maintenance, or vector retrieval switched on after the fact).
 */
@ApplicationScoped
public class MemoryBackfillTask implements HeartbeatTask {

    private static final int BATCH = 500;

    @Inject
    Memory memory;

    @Override
    public String name() {
        return "memory-backfill";
    }

    @Override
    public String description() {
        return "Indexes and embeds messages that the background lane has not processed yet";
    }

    @Override
    public TaskResult run() {
        int embedded = memory.backfillEmbeddings(BATCH);
        return TaskResult.ok(embedded + " messages embedded", Map.of("embedded", (long) embedded));
    }
}
