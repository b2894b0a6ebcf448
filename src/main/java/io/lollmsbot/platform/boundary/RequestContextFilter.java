package io.lollmsbot.platform.boundary;

import io.lollmsbot.common.RequestLogContext;
import io.lollmsbot.common.ResponseHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Gives every response of the application its request id and security headers. */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class RequestContextFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ResponseHeaders.apply(request, response);
        RequestLogContext.begin(request);
        chain.doFilter(request, response);
    }
}
