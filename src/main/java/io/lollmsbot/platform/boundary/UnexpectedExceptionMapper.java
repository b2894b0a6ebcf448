package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.DatabaseUnavailable;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.Problems;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: a body that cannot be parsed is the caller's 400, a chunked body over the size limit 413, a database
 * that cannot be reached 503 with Retry-After; anything else is logged with the request id and answered 500 without
 * internals.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class.getName());

    /** The request being answered (a proxy to the current one): problems on the OpenAI API differ. */
    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable exception) {
        BodyTooLargeException tooLarge = causeOfType(exception, BodyTooLargeException.class);
        if (tooLarge != null) {
            return ProblemResponses.of(BodySizeFilter.tooLarge(tooLarge.limit()), uriInfo);
        }
        if (DatabaseUnavailable.causedBy(exception)) {
            LOG.warning(() -> "database unavailable: " + exception);
            return ProblemResponses.of(DatabaseUnavailable.problem(), uriInfo);
        }
        if (isUnreadableBody(exception)) {
            return ProblemResponses.of(
                    Problem.of(
                            400,
                            "Bad Request",
                            "The request body could not be read: send valid JSON of the documented shape."),
                    uriInfo);
        }
        LOG.log(Level.SEVERE, "request failed", exception);
        return ProblemResponses.of(Problem.of(500, Problems.titleFor(500), Problems.UNEXPECTED_DETAIL), uriInfo);
    }

    private static <T extends Throwable> T causeOfType(Throwable exception, Class<T> type) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean isUnreadableBody(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof JsonbException || t instanceof JsonParsingException || t instanceof ProcessingException) {
                return true;
            }
        }
        return false;
    }
}
