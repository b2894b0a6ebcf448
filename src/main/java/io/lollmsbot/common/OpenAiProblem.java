package io.lollmsbot.common;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A problem as the OpenAI-compatible API ({@code /v1/}) answers it: the RFC 9457 members plus OpenAI's {@code error}
 * object (an extension member), because OpenAI's SDKs read only {@code error.message} and otherwise report "status
 * code (no body)".
 */
public record OpenAiProblem(
        String type, String title, int status, String detail, List<Problem.FieldError> errors, OpenAiError error) {

    private static final String LOLLMSBOT_TYPE = "urn:lollmsbot:problem:";

    /**
     * OpenAI's error object: {@code type} by status as OpenAI names them, {@code param} the first invalid field,
     * {@code code} the last part of the problem's type (such as {@code guardian-refused}).
     */
    public record OpenAiError(String message, String type, String param, String code) {}

    public static OpenAiProblem of(Problem problem) {
        return new OpenAiProblem(
                problem.type(),
                problem.title(),
                problem.status(),
                problem.detail(),
                problem.errors(),
                new OpenAiError(message(problem), errorType(problem.status()), param(problem), code(problem)));
    }

    /** The body for a problem answered to this request: with the {@code error} member on the OpenAI API's paths. */
    public static Object body(Problem problem, HttpServletRequest request) {
        // on the servlet container's error page, the request is the page's: the failed one's path is an attribute
        Object failedUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = failedUri instanceof String original ? original : request.getRequestURI();
        return body(problem, uri.substring(request.getContextPath().length()));
    }

    /**
     * The body for a problem answered at this path below the context root (with or without its leading slash): with
     * the {@code error} member when the path belongs to the OpenAI-compatible API.
     */
    public static Object body(Problem problem, String path) {
        String absolute = path.startsWith("/") ? path : "/" + path;
        return absolute.equals("/v1") || absolute.startsWith("/v1/") ? of(problem) : problem;
    }

    private static String message(Problem problem) {
        if (problem.errors() == null || problem.errors().isEmpty()) {
            return problem.detail();
        }
        return problem.detail() + " "
                + problem.errors().stream()
                        .map(error -> error.field() + ": " + error.message())
                        .collect(Collectors.joining("; "))
                + ".";
    }

    private static String errorType(int status) {
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    private static String param(Problem problem) {
        return problem.errors() == null || problem.errors().isEmpty()
                ? null
                : problem.errors().get(0).field();
    }

    private static String code(Problem problem) {
        return problem.type().startsWith(LOLLMSBOT_TYPE) ? problem.type().substring(LOLLMSBOT_TYPE.length()) : null;
    }
}
