package io.lollmsbot.identity.boundary;

import io.lollmsbot.common.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * A request authenticated by the console's session cookie may change something only with the session's CSRF token
 * in {@code X-CSRF-Token}; Basic and Bearer requests carry their credentials explicitly and need none, and the login
 * ({@link StartsSession}) replaces the session it comes with.
 */
@Provider
public class CsrfFilter implements ContainerRequestFilter {

    private static final String SESSION_CSRF = CsrfFilter.class.getName() + ".expected";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Context
    HttpServletRequest servletRequest;

    @Context
    ResourceInfo resource;

    static void markSessionAuthenticated(HttpServletRequest request, ConsoleSession session) {
        request.setAttribute(SESSION_CSRF, session.csrfToken());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (servletRequest.getAttribute(SESSION_CSRF) instanceof String expected
                && !SAFE_METHODS.contains(request.getMethod())
                && !startsSession()
                && !sameSecret(expected, request.getHeaderString(ConsoleSession.CSRF_HEADER))) {
            throw new ProblemException(403, "Missing or wrong " + ConsoleSession.CSRF_HEADER + " header.");
        }
    }

    private boolean startsSession() {
        return resource.getResourceMethod() != null
                && resource.getResourceMethod().isAnnotationPresent(StartsSession.class);
    }

    private static boolean sameSecret(String expected, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
