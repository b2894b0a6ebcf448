package io.lollmsbot.memory.control;

import io.lollmsbot.memory.entity.Passage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One recall in at most two database round trips: this node's index of the user is brought up to date (one range
 * query that usually returns nothing) and searched in memory, then one query finds the full-text candidates and
 * resolves them together with the vector candidates (so a passage deleted on any node never comes back). The
 * full-text query is the question widened with its nouns' WordNet synonyms and derived forms ({@link Synonyms}). The
 * candidates are fused by {@link Recall}.
 */
final class Retriever {

    static final UUID NO_CONVERSATION = new UUID(0, 0);
    /** At most this many full-text matches are ranked per recall (see {@link MemoryStore#candidates}). */
    static final int TEXT_SCAN = 256;

    /** Passages more similar than this to a better recalled one are near duplicates and not recalled. */
    static final double NEAR_DUPLICATE = 0.9;

    private static final Duration INDEX_TIME_TO_LIVE = Duration.ofHours(1);

    private final MemoryStore store;
    private final VectorIndexes indexes;
    private final double nearDuplicate;
    private final CommonWords commonWords;
    private final Supplier<Synonyms> synonyms;

    /** {@code synonyms}: those that widen the full-text query, as loaded so far ({@link Synonyms#NONE} before). */
    Retriever(MemoryStore store, VectorIndexes indexes, Supplier<Synonyms> synonyms) {
        this(store, indexes, NEAR_DUPLICATE, synonyms);
    }

    /** {@code nearDuplicate}: see {@link Recall#Recall(int, double, double)}. */
    Retriever(MemoryStore store, VectorIndexes indexes, double nearDuplicate, Supplier<Synonyms> synonyms) {
        this.store = store;
        this.indexes = indexes;
        this.nearDuplicate = nearDuplicate;
        this.synonyms = synonyms;
        this.commonWords = new CommonWords(() -> store.commonWords(CommonWords.MIN_SHARE, TEXT_SCAN));
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
        Recall recall = new Recall(limit, minScore, nearDuplicate);
        List<UUID> similar = List.of();
        if (queryVector != null) {
            UserVectorIndex index = indexes.current(userId, store, cacheBytes, INDEX_TIME_TO_LIVE);
            similar = recall.vectorSearch(index, queryVector, limit * 4);
        }
        List<Passage> found = new ArrayList<>();
        Set<UUID> resolved = new HashSet<>();
        for (MemoryStore.Candidate candidate : store.candidates(
                userId, excluded, synonyms.get().expand(query), commonWords.current(), similar, limit * 4, TEXT_SCAN)) {
            resolved.add(candidate.passage().messageId());
            recall.textMatches(candidate.textMatches(), TEXT_SCAN);
            recall.textRank(candidate.passage().messageId(), candidate.rank());
            if (!candidate.passage().conversationId().equals(excluded)) {
                found.add(candidate.passage());
            }
        }
        if (!resolved.containsAll(similar)) {
            indexes.evict(userId);
        }
        return recall.best(found);
    }
}
