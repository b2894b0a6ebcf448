package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.JsonLimits;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Holds every JSON request body of the API to {@link JsonLimits} before it is parsed: 400 instead of a parser
 * running out of stack on {@code [[[[...} or a NUL character reaching PostgreSQL. The body is already bounded by
 * {@link BodySizeFilter}, so it is read whole.
 */
@Provider
public class JsonLimitsInterceptor implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type != null && type.getSubtype().toLowerCase(java.util.Locale.ROOT).contains("json")) {
            byte[] body = context.getInputStream().readAllBytes();
            Optional<String> violation = JsonLimits.violation(body);
            if (violation.isPresent()) {
                throw new ProblemException(
                        Problem.of(
                                400,
                                Problems.titleFor(400),
                                "The request body breaks a limit: " + violation.get() + "."),
                        Map.of());
            }
            context.setInputStream(new ByteArrayInputStream(body));
        }
        return context.proceed();
    }
}
