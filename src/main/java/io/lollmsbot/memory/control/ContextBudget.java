package io.lollmsbot.memory.control;

import org.eclipse.microprofile.config.Config;

/**
 * The token budget of the context sent to a model: {@code lollmsbot.memory.model-context-tokens} ("model=tokens"
 * pairs, comma-separated) for the configured model, else {@code lollmsbot.memory.context-tokens}. Shares of it go to
 * the rolling summary, recalled memories and recent turns; the reply's tokens are not counted.
 */
public record ContextBudget(int total) {

    static final String DEFAULT_KEY = "lollmsbot.memory.context-tokens";
    static final String PER_MODEL_KEY = "lollmsbot.memory.model-context-tokens";

    public static ContextBudget of(Config config) {
        String model =
                config.getOptionalValue("lollmsbot.llm.model", String.class).orElse("");
        int fallback = config.getValue(DEFAULT_KEY, Integer.class);
        return new ContextBudget(
                forModel(config.getOptionalValue(PER_MODEL_KEY, String.class).orElse(""), model, fallback));
    }

    /** The tokens listed for {@code model} in "model=tokens,..." pairs, or {@code fallback}. */
    static int forModel(String pairs, String model, int fallback) {
        for (String pair : pairs.split(",")) {
            int equals = pair.lastIndexOf('=');
            if (equals > 0 && pair.substring(0, equals).strip().equals(model)) {
                return Integer.parseInt(pair.substring(equals + 1).strip());
            }
        }
        return fallback;
    }

    /** Most tokens a rolling summary may take in the context. */
    int summary() {
        return total / 4;
    }

    /** Most tokens recalled memories may take. */
    int memories() {
        return total / 8;
    }

    /** Unsummarised history beyond this many tokens is folded into the summary. */
    int summariseAbove() {
        return total / 2;
    }

    /** The newest turns worth this many tokens stay out of a new summary. */
    int keepRecent() {
        return total / 4;
    }
}
