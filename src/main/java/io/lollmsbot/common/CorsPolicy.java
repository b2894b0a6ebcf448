package io.lollmsbot.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import org.eclipse.microprofile.config.Config;

/**
 * Cross-origin access for the origins listed in {@code lollmsbot.cors.origins}, read on every request so an admin's
 * change applies without a restart. Only exact origins match (no wildcard), and only they get credentials; any
 * other origin gets no CORS header at all, so the browser keeps the response from the page.
 */
@ApplicationScoped
public class CorsPolicy {

    static final String ORIGINS = "lollmsbot.cors.origins";
    static final String METHODS = "GET, POST, PUT, DELETE, OPTIONS";
    static final String REQUEST_HEADERS = "Authorization, Content-Type, X-CSRF-Token, X-Request-Id";
    static final String EXPOSED_HEADERS =
            "X-Request-Id, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset";
    static final String MAX_AGE_SECONDS = "600";

    @Inject
    Config config;

    public static boolean isPreflight(HttpServletRequest request) {
        return "OPTIONS".equals(request.getMethod())
                && request.getHeader("Origin") != null
                && request.getHeader("Access-Control-Request-Method") != null;
    }

    /** Adds the CORS headers an allowed origin gets; returns whether the request's origin is allowed. */
    public boolean decorate(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        response.setHeader("Vary", "Origin");
        if (!allows(config.getOptionalValue(ORIGINS, String.class).orElse(""), origin)) {
            return false;
        }
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
        if (isPreflight(request)) {
            response.setHeader("Access-Control-Allow-Methods", METHODS);
            response.setHeader("Access-Control-Allow-Headers", REQUEST_HEADERS);
            response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
        } else {
            response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        }
        return true;
    }

    static boolean allows(String configured, String origin) {
        return !"null".equals(origin)
                && Arrays.stream(configured.split(","))
                        .map(String::strip)
                        .filter(listed -> !listed.isEmpty())
                        .anyMatch(origin::equals);
    }
}
