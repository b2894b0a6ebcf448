package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.ProblemException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Failures the application raises on purpose, with their own status and detail. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    /** The request being answered (a proxy to the current one): problems on the OpenAI API differ. */
    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ProblemException exception) {
        return ProblemResponses.of(exception, uriInfo);
    }
}
