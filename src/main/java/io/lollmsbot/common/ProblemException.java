package io.lollmsbot.common;

import jakarta.ejb.ApplicationException;
import java.util.Map;

/** Raised by services for an expected failure the caller should see as a problem response. */
@ApplicationException(rollback = true)
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public ProblemException(int status, String detail) {
        this(Problem.of(status, Problems.titleFor(status), detail), Map.of());
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
