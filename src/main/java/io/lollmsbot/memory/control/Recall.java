package io.lollmsbot.memory.control;

import io.lollmsbot.memory.entity.Passage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Fuses the two retrieval signals of one recall: a candidate's score is its cosine similarity to the query (when
 * vector search ran) plus half its normalised full-text rank. With vector search, only candidates scoring at least
 * the minimum similarity are kept, so a single shared common word recalls nothing; full-text-only recall keeps every
 * match, best ranked first.
 */
final class Recall {

    static final double TEXT_WEIGHT = 0.5;

    private final int limit;
    private final double minScore;
    private final Map<UUID, double[]> signals = new LinkedHashMap<>();
    private UserVectorIndex index;
    private float[] query;

    Recall(int limit, double minScore) {
        this.limit = limit;
        this.minScore = minScore;
    }

    void textHit(MemoryStore.TextHit hit) {
        signals.computeIfAbsent(hit.messageId(), id -> new double[] {Double.NaN, 0})[1] = hit.rank();
    }

    void vectorSearch(UserVectorIndex vectors, float[] vector, int k) {
        index = vectors;
        query = vector;
        for (UserVectorIndex.Hit hit : vectors.search(vector, k)) {
            signals.computeIfAbsent(hit.messageId(), id -> new double[] {Double.NaN, 0})[0] = hit.similarity();
        }
    }

    /** Candidates worth resolving, best first (at most twice the limit, so passages of the current one can drop). */
    List<UUID> candidates() {
        return signals.keySet().stream()
                .filter(id -> score(id) >= threshold())
                .sorted(Comparator.comparingDouble(this::score).reversed())
                .limit(limit * 2L)
                .toList();
    }

    /** The best {@code limit} of the resolved passages. */
    List<Passage> best(List<Passage> resolved) {
        List<Passage> sorted = new ArrayList<>(resolved);
        sorted.sort(Comparator.comparingDouble((Passage passage) -> score(passage.messageId()))
                .reversed());
        return sorted.subList(0, Math.min(limit, sorted.size()));
    }

    double score(UUID id) {
        double[] signal = signals.get(id);
        if (index == null) {
            return signal[1];
        }
        if (Double.isNaN(signal[0])) {
            OptionalDouble similarity = index.similarity(query, id);
            signal[0] = similarity.orElse(0);
        }
        return signal[0] + TEXT_WEIGHT * signal[1];
    }

    private double threshold() {
        return index == null ? Double.MIN_VALUE : minScore;
    }
}
