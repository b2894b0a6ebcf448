package io.lollmsbot.memory.control;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The recall vector of a short question. The embedding model is symmetric (trained to place similar sentences close
 * together), and a stored fact is a statement: the leading question words of "What is my job?" carry none of its
 * content but pull the question's vector towards other questions. For a question of at most {@value #SHORT} characters
 * the recall vector is therefore the normalised sum of the whole question's embedding and the embedding of its content
 * without the leading question words ("my job"); in longer messages those words are a small share of the tokens, so
 * one embedding is enough (and the second run of the model, the costliest CPU work of a turn, is bounded to short
 * texts).
 */
final class QueryVector {

    /** Messages longer than this are embedded once, as they are. */
    static final int SHORT = 160;

    private static final Pattern QUESTION_WORDS = Pattern.compile(
            "^(?:(?:what|which|who|whom|whose|where|when|why|how)"
                    + "(?: (?:is|are|was|were|do|does|did|have|has|had|can|could|would|should|will|kind of|sort of|type of))?"
                    + "|do|does|did|is|are|am|was|were|have|has|had|can|could|would|should|will)\\b\\s*",
            Pattern.CASE_INSENSITIVE);

    private QueryVector() {}

    /** The content of a short question without its leading question words, or empty when there is none to drop. */
    static Optional<String> content(String query) {
        String text = query.strip();
        if (text.length() > SHORT) {
            return Optional.empty();
        }
        String content = QUESTION_WORDS
                .matcher(text)
                .replaceFirst("")
                .replaceAll("\\?+$", "")
                .strip();
        return content.isEmpty() || content.length() == text.length() ? Optional.empty() : Optional.of(content);
    }

    /** The recall vector for a query whose embedding is {@code whole}, using {@code embed} for its content. */
    static float[] of(String query, float[] whole, Function<String, float[]> embed) {
        return content(query)
                .map(content -> unitSum(whole, embed.apply(content)))
                .orElse(whole);
    }

    static float[] unitSum(float[] a, float[] b) {
        float[] sum = new float[a.length];
        double norm = 0;
        for (int d = 0; d < sum.length; d++) {
            sum[d] = a[d] + b[d];
            norm += (double) sum[d] * sum[d];
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < sum.length; d++) {
            sum[d] *= scale;
        }
        return sum;
    }
}
