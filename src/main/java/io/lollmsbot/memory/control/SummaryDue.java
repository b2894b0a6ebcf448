package io.lollmsbot.memory.control;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conversations of this node whose last context assembly found more unsummarised history than the summary
 * threshold, so the background maintenance after the turn checks the rolling summary only for them (instead of
 * reading every conversation's history again after every turn). A mark is only a hint: every turn's assembly sets it
 * again while the history stays long, so marks dropped when the set overflows only delay a summary by a turn.
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

    /** Whether the conversation was marked; the mark is consumed. */
    boolean take(UUID conversationId) {
        return marked.remove(conversationId);
    }
}
