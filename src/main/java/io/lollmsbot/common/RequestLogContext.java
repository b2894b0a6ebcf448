package io.lollmsbot.common;

import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Puts the request id on every log line written while a request is served (Liberty's JSON log shows it as
 * {@code ext_requestId}), from authentication to the last filter, and takes it off the thread afterwards.
 */
@WebListener
public class RequestLogContext implements ServletRequestListener {

    public static void begin(HttpServletRequest request) {
        RequestIds.bind(RequestIds.of(request));
    }

    @Override
    public void requestInitialized(ServletRequestEvent event) {
        if (event.getServletRequest() instanceof HttpServletRequest request) {
            begin(request);
        }
    }

    @Override
    public void requestDestroyed(ServletRequestEvent event) {
        RequestIds.unbind();
    }
}
