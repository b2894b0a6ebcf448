package io.lollmsbot.common;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Opens the span of a {@link Traced} method as a child of the current one (the JAX-RS request span that
 * mpTelemetry starts, or the turn's span on a lane thread), with the request id as the attribute
 * {@value #REQUEST_ID}. A failure marks the span as an error with the exception's type only: messages may
 * quote what a user or a model wrote.
 */
@Traced("")
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_AFTER)
public class TracedInterceptor {

    public static final String REQUEST_ID = "lollmsbot.request_id";

    @Inject
    Tracer tracer;

    @AroundInvoke
    Object inSpan(InvocationContext invocation) throws Exception {
        Span span = tracer.spanBuilder(nameOf(invocation)).startSpan();
        String requestId = RequestIds.current();
        if (requestId != null) {
            span.setAttribute(REQUEST_ID, requestId);
        }
        try (Scope ignored = span.makeCurrent()) {
            return invocation.proceed();
        } catch (Exception | Error failure) {
            span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
            throw failure;
        } finally {
            span.end();
        }
    }

    private static String nameOf(InvocationContext invocation) {
        Traced traced = invocation.getMethod().getAnnotation(Traced.class);
        if (traced == null) {
            traced = invocation.getMethod().getDeclaringClass().getAnnotation(Traced.class);
        }
        return traced == null || traced.value().isEmpty()
                ? invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                        + invocation.getMethod().getName()
                : traced.value();
    }
}
