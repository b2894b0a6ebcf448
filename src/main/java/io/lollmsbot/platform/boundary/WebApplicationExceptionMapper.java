package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.Problems;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** JAX-RS' own failures (unknown path, wrong method, unreadable body ...) as problem+json. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Logger LOG = Logger.getLogger(WebApplicationExceptionMapper.class.getName());

    /** The request being answered (a proxy to the current one): problems on the OpenAI API differ. */
    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        if (status >= 500) {
            LOG.log(Level.SEVERE, "request failed", exception);
        }
        Response response =
                ProblemResponses.of(Problem.of(status, Problems.titleFor(status), detail(exception, status)), uriInfo);
        if (exception instanceof NotAllowedException) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.ALLOW, exception.getResponse().getHeaderString(HttpHeaders.ALLOW))
                    .build();
        }
        return response;
    }

    private static String detail(WebApplicationException exception, int status) {
        if (exception instanceof NotFoundException) {
            return "No resource at this path.";
        }
        if (exception instanceof NotAllowedException) {
            return "This method is not allowed on this resource.";
        }
        if (status == 400) {
            return "The request body could not be read: send valid JSON of the documented shape.";
        }
        if (status == 415) {
            return "Send the body as application/json.";
        }
        if (status >= 500) {
            return Problems.UNEXPECTED_DETAIL;
        }
        return Problems.titleFor(status) + ".";
    }
}
