package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.Problem;
import jakarta.ws.rs.core.Response;

final class ProblemResponses {

    private ProblemResponses() {}

    static Response of(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }
}
