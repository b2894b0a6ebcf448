package io.lollmsbot.chat.control;

import io.lollmsbot.common.DatabaseUnavailable;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.llm.control.LlmException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one mapping from a failed turn to the problem its caller sees, shared by every chat surface (REST, its
 * stream, the OpenAI-compatible API): expected refusals as they are, LLM failures as 503 with {@code Retry-After}
 * or 502, an unreachable database or an exhausted connection pool as 503 with {@code Retry-After} (load, not a
 * fault), anything else as a logged 500 that tells nothing about the cause.
 */
public final class TurnFailures {

    private static final Logger LOG = Logger.getLogger(TurnFailures.class.getName());
    private static final String LLM_RETRY_AFTER = "30";

    private TurnFailures() {}

    public static ProblemException asProblem(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ProblemException problem) {
            return problem;
        }
        if (cause instanceof LlmException llm) {
            return switch (llm.kind()) {
                case NOT_CONFIGURED ->
                    unavailable("No LLM backend is configured: " + llm.getMessage() + ".", LLM_RETRY_AFTER);
                case TRANSIENT ->
                    unavailable(
                            "The LLM backend is unavailable (" + llm.getMessage() + "). Try again shortly.",
                            llm.retryAfter()
                                    .map(d -> String.valueOf(Math.max(1, d.toSeconds())))
                                    .orElse(LLM_RETRY_AFTER));
                case PERMANENT -> new ProblemException(502, "The LLM backend gave an answer lollmsbot could not use.");
            };
        }
        if (DatabaseUnavailable.causedBy(cause)) {
            LOG.warning("chat turn failed, the database is unavailable: " + cause);
            return DatabaseUnavailable.problem();
        }
        LOG.log(Level.SEVERE, "chat turn failed", cause);
        return new ProblemException(500, Problems.UNEXPECTED_DETAIL);
    }

    private static ProblemException unavailable(String detail, String retryAfter) {
        return new ProblemException(Problem.of(503, Problems.titleFor(503), detail), Map.of("Retry-After", retryAfter));
    }
}
