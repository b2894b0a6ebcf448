package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.ProblemException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Failures the application raises on purpose, with their own status and detail. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Override
    public Response toResponse(ProblemException exception) {
        Response.ResponseBuilder response = Response.fromResponse(ProblemResponses.of(exception.problem()));
        exception.headers().forEach(response::header);
        return response.build();
    }
}
