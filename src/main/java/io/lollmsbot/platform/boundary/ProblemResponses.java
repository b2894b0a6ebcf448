package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.OpenAiProblem;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

final class ProblemResponses {

    private ProblemResponses() {}

    /** The problem as the answer to this request (with OpenAI's error member on its API: {@link OpenAiProblem}). */
    static Response of(Problem problem, UriInfo uriInfo) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(OpenAiProblem.body(problem, uriInfo.getPath()))
                .build();
    }

    /** A raised problem with its headers (Retry-After and the like). */
    static Response of(ProblemException exception, UriInfo uriInfo) {
        Response.ResponseBuilder response = Response.fromResponse(of(exception.problem(), uriInfo));
        exception.headers().forEach(response::header);
        return response.build();
    }
}
