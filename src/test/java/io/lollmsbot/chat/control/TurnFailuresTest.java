package io.lollmsbot.chat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.lollmsbot.common.ProblemException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class TurnFailuresTest {

    @Test
    void anExhaustedConnectionPoolOnTheLaneIsA503WithRetryAfterNotA500() {
        // what a lane worker sees when the pool has no connection within its wait time (wrapped by the store)
        RuntimeException store = new IllegalStateException(
                "memory query failed: null", new SQLTransientConnectionException("J2CA0045E: no connection"));

        ProblemException problem = TurnFailures.asProblem(new CompletionException(store));

        assertEquals(503, problem.problem().status());
        assertEquals("5", problem.headers().get("Retry-After"));
    }

    @Test
    void anyOtherFailureIsA500ThatTellsNothing() {
        ProblemException problem =
                TurnFailures.asProblem(new CompletionException(new IllegalStateException("secret detail")));

        assertEquals(500, problem.problem().status());
        assertFalse(problem.problem().detail().contains("secret"));
    }
}
