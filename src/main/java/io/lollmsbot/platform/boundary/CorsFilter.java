package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.CorsPolicy;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.ResponseHeaders;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * CORS for every response the application writes, and the answer to preflights. Preflights carry no credentials, so
 * web.xml leaves OPTIONS out of the security constraint; the authentication mechanism adds the same headers to its
 * own 401 and 429 answers, which never reach this filter.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class CorsFilter extends HttpFilter {

    @Inject
    CorsPolicy cors;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean allowed = cors.decorate(request, response);
        if (!CorsPolicy.isPreflight(request)) {
            chain.doFilter(request, response);
        } else if (allowed) {
            ResponseHeaders.apply(request, response);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        } else {
            ResponseHeaders.apply(request, response);
            Problems.write(
                    request,
                    response,
                    Problem.of(403, Problems.titleFor(403), "This origin may not make cross-origin requests."));
        }
    }
}
