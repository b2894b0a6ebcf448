package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.OpenAiProblem;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

final class ProblemResponses {

    private ProblemResponses() {}

    /** The problem as the answer to this request (with OpenAI's error member on its API: {@link OpenAiProblem}). */
    static Response of(Problem problem, UriInfo request) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(OpenAiProblem.servesPath(request.getPath()) ? OpenAiProblem.of(problem) : problem)
                .build();
    }

    /** A raised problem with its headers (Retry-After and the like). */
    static Response of(ProblemException exception, UriInfo request) {
        Response.ResponseBuilder response = Response.fromResponse(of(exception.problem(), request));
        exception.headers().forEach(response::header);
        return response.build();
    }
}
