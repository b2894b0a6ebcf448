package io.lollmsbot.common;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
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
 * mpTelemetry starts, or the turn's span on a lane thread: {@code LaneQueue} carries the context there), with the
 * request id as the attribute {@value #REQUEST_ID}; a database call is a client span with {@value #DB_SYSTEM}. A failure marks the span as an error with the exception's type only: messages may
 * quote what a user or a model wrote.
 */
@Traced("")
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_AFTER)
public class TracedInterceptor {

    public static final String REQUEST_ID = "lollmsbot.request_id";
    static final String DB_SYSTEM = "db.system";

    @Inject
    Tracer tracer;

    @AroundInvoke
    Object inSpan(InvocationContext invocation) throws Exception {
        Traced traced = invocation.getMethod().getAnnotation(Traced.class);
        if (traced == null) {
            traced = invocation.getMethod().getDeclaringClass().getAnnotation(Traced.class);
        }
        SpanBuilder builder = tracer.spanBuilder(nameOf(traced, invocation));
        if (traced != null && traced.database()) {
            builder.setSpanKind(SpanKind.CLIENT).setAttribute(DB_SYSTEM, "postgresql");
        }
        Span span = builder.startSpan();
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

    private static String nameOf(Traced traced, InvocationContext invocation) {
        return traced == null || traced.value().isEmpty()
                ? invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                        + invocation.getMethod().getName()
                : traced.value();
    }
}
