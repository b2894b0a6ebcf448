package io.lollmsbot.memory.control;

import io.lollmsbot.memory.entity.Passage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * One recall: full-text candidates from PostgreSQL, vector candidates from this node's index of the user, fused by
 * {@link Recall}, then resolved against the database (so a passage deleted on any node never comes back).
 */
final class Retriever {

    static final UUID NO_CONVERSATION = new UUID(0, 0);
    private static final Duration INDEX_TIME_TO_LIVE = Duration.ofHours(1);

    private final MemoryStore store;
    private final VectorIndexes indexes;

    Retriever(MemoryStore store, VectorIndexes indexes) {
        this.store = store;
        this.indexes = indexes;
    }

    /**
     * The best {@code limit} passages of the user outside {@code conversationId} (null: a new conversation) for a
     * query; {@code queryVector} null means full-text only.
     */
    List<Passage> recall(
            long userId,
            UUID conversationId,
            String query,
            float[] queryVector,
            int limit,
            double minScore,
            long cacheBytes) {
        UUID excluded = conversationId == null ? NO_CONVERSATION : conversationId;
        Recall recall = new Recall(limit, minScore);
        store.fullText(userId, excluded, query, limit * 4).forEach(recall::textHit);
        UserVectorIndex index = null;
        if (queryVector != null) {
            index = indexes.current(userId, store, cacheBytes, INDEX_TIME_TO_LIVE);
            recall.vectorSearch(index, queryVector, limit * 4);
        }
        List<UUID> candidates = recall.candidates();
        if (candidates.isEmpty()) {
            return List.of();
        }
        List<Passage> found = store.passages(userId, NO_CONVERSATION, candidates);
        if (index != null && found.size() < candidates.size()) {
            indexes.evict(userId);
        }
        return recall.best(found.stream()
                .filter(passage -> !passage.conversationId().equals(excluded))
                .toList());
    }
}
