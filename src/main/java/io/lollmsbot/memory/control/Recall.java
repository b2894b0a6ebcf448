package io.lollmsbot.memory.control;

import io.lollmsbot.memory.entity.Passage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Fuses the two retrieval signals of one recall: a candidate's score is its cosine similarity to the query (when
 * vector search ran) plus its normalised full-text rank times a weight of at most one half. PostgreSQL's ranks know
 * nothing of how common a word is, so the weight falls with the share of the scanned passages the query's words
 * matched: words found in every scanned passage (a common word such as "job") add nothing, words found in a few add
 * almost half their rank. With vector search, only candidates scoring at least the minimum similarity are kept, so a
 * single shared common word recalls nothing; full-text-only recall keeps every match, best ranked first.
 */
final class Recall {

    static final double TEXT_WEIGHT = 0.5;

    private final int limit;
    private final double minScore;
    private final double maxOverlap;
    private final Map<UUID, Double> similarities = new HashMap<>();
    private final Map<UUID, Double> ranks = new HashMap<>();
    private UserVectorIndex index;
    private float[] query;
    private double textWeight = TEXT_WEIGHT;

    Recall(int limit, double minScore) {
        this(limit, minScore, Double.POSITIVE_INFINITY);
    }

    /** {@code maxOverlap}: a passage more similar than this to a better one is a near duplicate and left out. */
    Recall(int limit, double minScore, double maxOverlap) {
        this.limit = limit;
        this.minScore = minScore;
        this.maxOverlap = maxOverlap;
    }

    /** Runs the vector search; returns its candidates, best first. */
    List<UUID> vectorSearch(UserVectorIndex vectors, float[] vector, int k) {
        index = vectors;
        query = vector;
        List<UUID> found = new ArrayList<>();
        for (UserVectorIndex.Hit hit : vectors.search(vector, k, maxOverlap)) {
            similarities.put(hit.messageId(), hit.similarity());
            found.add(hit.messageId());
        }
        return found;
    }

    /** Sets the full-text weight from how many of {@code scanned} passages the query's words matched. */
    void textMatches(int matches, int scanned) {
        textWeight = TEXT_WEIGHT * Math.max(0, 1 - (double) matches / scanned);
    }

    /** Records a candidate's full-text rank (0 when its words do not match the query). */
    void textRank(UUID messageId, double rank) {
        ranks.put(messageId, rank);
    }

    /**
     * The best {@code limit} of the resolved passages that pass the relevance floor and are no near duplicate of a
     * better one, best first.
     */
    List<Passage> best(List<Passage> resolved) {
        List<Passage> passing = new ArrayList<>();
        for (Passage passage : resolved) {
            if (score(passage.messageId()) >= threshold()) {
                passing.add(passage);
            }
        }
        passing.sort(Comparator.comparingDouble((Passage passage) -> score(passage.messageId()))
                .reversed());
        List<Passage> kept = new ArrayList<>();
        for (Passage passage : passing) {
            if (kept.size() < limit && !nearDuplicate(passage, kept)) {
                kept.add(passage);
            }
        }
        return kept;
    }

    private boolean nearDuplicate(Passage passage, List<Passage> kept) {
        if (index == null || maxOverlap >= 1) {
            return false;
        }
        return kept.stream()
                .anyMatch(better ->
                        index.overlap(passage.messageId(), better.messageId()).orElse(0) > maxOverlap);
    }

    double score(UUID id) {
        double rank = ranks.getOrDefault(id, 0.0);
        if (index == null) {
            return rank;
        }
        Double similarity = similarities.get(id);
        if (similarity == null) {
            OptionalDouble exact = index.similarity(query, id);
            similarity = exact.orElse(0);
            similarities.put(id, similarity);
        }
        return similarity + textWeight * rank;
    }

    private double threshold() {
        return index == null ? Double.MIN_VALUE : minScore;
    }
}
