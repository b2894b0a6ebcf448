package io.lollmsbot.common;

import jakarta.servlet.http.HttpServletRequest;

import java.util.UUID;
import java.util.regex.Pattern;

/** The request id of the contract: the caller's X-Request-Id when it is well formed, otherwise a new one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestIds() {
    }

    public static String accept(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches() ? candidate : UUID.randomUUID().toString();
    }

    /** The id of the request this thread serves, for audit rows and outbound calls; null outside a request. */
    public static String current() {
        return CURRENT.get();
    }

    public static void bind(String id) {
        CURRENT.set(id);
    }

    public static void unbind() {
        CURRENT.remove();
    }

    /** Stable for the whole request, whichever component (security, filter, error page) asks first. */
    public static String of(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String id = accept(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        return id;
    }
}
