package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.OpenAiProblem;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;

final class ProblemResponses {

    private ProblemResponses() {}

    /** The problem as the answer to this request (with OpenAI's error member on its API: {@link OpenAiProblem}). */
    static Response of(Problem problem, HttpServletRequest request) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(OpenAiProblem.body(problem, request))
                .build();
    }

    /** A raised problem with its headers (Retry-After and the like). */
    static Response of(ProblemException exception, HttpServletRequest request) {
        Response.ResponseBuilder response = Response.fromResponse(of(exception.problem(), request));
        exception.headers().forEach(response::header);
        return response.build();
    }
}
