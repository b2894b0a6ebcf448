package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.ResponseHeaders;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The servlet container's error page (see web.xml): answers its own failures as problem+json. */
@WebServlet("/problem")
public class ErrorPageServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : 404;
        ResponseHeaders.apply(request, response);
        String detail = switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this resource.";
            default -> status >= 500 ? Problems.UNEXPECTED_DETAIL : Problems.titleFor(status) + ".";
        };
        Problems.write(request, response, Problem.of(status, Problems.titleFor(status), detail));
    }
}
