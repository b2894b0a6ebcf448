package io.lollmsbot.memory.control;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The conversations of this node whose last context assembly found more unsummarised history than the summary
 * threshold, so the background maintenance after the turn checks the rolling summary only for them (instead of
 * reading every conversation's history again after every turn). A mark is only a hint: every turn's assembly sets it
 * again while the history stays long, so marks dropped when the set overflows only delay a summary by a turn.
 *
 * <p>A mark outlives a check that folded nothing. The mark is set while a turn is assembled, before that turn is
 * stored, and the previous turn's maintenance (queued on the same background key, so it runs first) may still be
 * running then: it would take the mark, read a history without the new turn, find nothing to fold yet, and leave the
 * new turn's own maintenance nothing to act on, so the summary waited for another turn or the heartbeat.
 */
final class SummaryDue {

    static final int MAX_MARKED = 10_000;

    private final Set<UUID> marked = ConcurrentHashMap.newKeySet();

    void mark(UUID conversationId) {
        if (marked.size() >= MAX_MARKED) {
            marked.clear();
        }
        marked.add(conversationId);
    }

    /**
     * When the conversation is marked, runs {@code fold} (which returns how many model calls it made) and consumes the
     * mark only if it folded something; a check that folded nothing, or failed, leaves the mark for the next
     * maintenance of the conversation. Returns the number of calls (0 when not marked).
     */
    int foldIfMarked(UUID conversationId, IntSupplier fold) {
        if (!marked.remove(conversationId)) {
            return 0;
        }
        int calls = 0;
        try {
            calls = fold.getAsInt();
            return calls;
        } finally {
            if (calls == 0) {
                marked.add(conversationId);
            }
        }
    }
}
