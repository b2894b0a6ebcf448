package io.lollmsbot.memory.control;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's cache of per-user vector indexes. An index is loaded from the database on a user's first recall and
 * brought up to date before every search by fetching only embeddings with a higher {@code embedded_seq} (one
 * indexed range query that usually returns nothing), so embeddings written by any node are seen at once. Deletions
 * made on another node are caught when a hit no longer resolves to a stored passage (the index is dropped and
 * reloaded) and, at the latest, when the index is rebuilt after its time to live. Least recently used indexes are
 * dropped when the cache grows beyond its byte budget.
 */
final class VectorIndexes {

    private static final int PAGE = 10_000;
    /**
     * Embeddings just below the highest sequence number seen are looked for again: a vector whose sequence number was
     * drawn before, but committed after, a higher one is still picked up. Those of them the index was given last
     * ({@link UserVectorIndex#recentSeqsAbove}) are left out of the query, so a refresh normally reads no row.
     */
    private static final int OVERLAP = UserVectorIndex.RECENT;

    private static final class Entry {
        final UserVectorIndex index = new UserVectorIndex();
        final ReentrantLock refresh = new ReentrantLock();
        final long createdAt = System.nanoTime();
    }

    private final Map<Long, Entry> byUser = new LinkedHashMap<>(16, 0.75f, true);

    /** The user's index, current with the database. */
    UserVectorIndex current(long userId, MemoryStore store, long maxBytes, Duration timeToLive) {
        Entry entry;
        synchronized (byUser) {
            entry = byUser.get(userId);
            if (entry == null || System.nanoTime() - entry.createdAt > timeToLive.toNanos()) {
                entry = new Entry();
                byUser.put(userId, entry);
            }
        }
        entry.refresh.lock();
        try {
            List<MemoryStore.StoredVector> page;
            do {
                long after = Math.max(0, entry.index.lastSeq() - OVERLAP);
                page = store.vectorsSince(userId, after, entry.index.recentSeqsAbove(after), PAGE);
                for (MemoryStore.StoredVector vector : page) {
                    entry.index.add(vector.seq(), vector.messageId(), vector.vector());
                }
            } while (page.size() == PAGE);
        } finally {
            entry.refresh.unlock();
        }
        trim(maxBytes, userId);
        return entry.index;
    }

    void evict(long userId) {
        synchronized (byUser) {
            byUser.remove(userId);
        }
    }

    private void trim(long maxBytes, long keep) {
        synchronized (byUser) {
            long total = byUser.values().stream()
                    .mapToLong(entry -> entry.index.bytes())
                    .sum();
            Iterator<Map.Entry<Long, Entry>> oldestFirst = byUser.entrySet().iterator();
            while (total > maxBytes && oldestFirst.hasNext()) {
                Map.Entry<Long, Entry> next = oldestFirst.next();
                if (next.getKey() != keep) {
                    total -= next.getValue().index.bytes();
                    oldestFirst.remove();
                }
            }
        }
    }
}
