package io.lollmsbot.common;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers of every API response: the request id, a CSP that allows nothing, no caching. The headers shared with the
 * console and the health endpoints (nosniff, referrer policy, frame denial) are set by server.xml's httpEndpoint.
 */
public final class ResponseHeaders {

    private ResponseHeaders() {}

    public static String apply(HttpServletRequest request, HttpServletResponse response) {
        String id = RequestIds.of(request);
        response.setHeader(RequestIds.HEADER, id);
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setHeader("Cache-Control", "no-store");
        return id;
    }
}
