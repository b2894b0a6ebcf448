package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.OpenAiProblem;
import io.lollmsbot.common.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the problems answered on the OpenAI-compatible API's paths OpenAI's {@code error} member
 * ({@link OpenAiProblem}), whichever mapper made them; the servlet side (authentication, body limit, error page) does
 * the same in {@code Problems.write}. Any other response costs one type check.
 */
@Provider
public class OpenAiProblemFilter implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem
                && OpenAiProblem.servesPath(request.getUriInfo().getPath())) {
            response.setEntity(OpenAiProblem.of(problem), response.getEntityAnnotations(), response.getMediaType());
        }
    }
}
