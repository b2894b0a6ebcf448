package io.lollmsbot.common;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes problem documents where JAX-RS does not run: the authentication mechanism and the servlet error page. */
public final class Problems {

    /** The detail of every 500: nothing about the cause, which is logged under the request id. */
    public static final String UNEXPECTED_DETAIL =
            "The server could not complete the request. Quote the request id when reporting it.";

    private Problems() {}

    /** Writes the problem as the answer to this request (with OpenAI's error member on its API: {@link OpenAiProblem}). */
    public static void write(HttpServletRequest request, HttpServletResponse response, Problem problem)
            throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(Json.JSONB.toJson(OpenAiProblem.body(problem, request)));
    }

    public static String titleFor(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Request Failed";
        };
    }

    /** Created on first use, so the status titles need no JSON-B provider. */
    private static final class Json {
        static final Jsonb JSONB = JsonbBuilder.create();
    }
}
