package io.lollmsbot.common;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated bean method inside a MicroProfile Telemetry span of this name, carrying the request id
 * ({@link TracedInterceptor}). Spans are exported only when OpenTelemetry is switched on (docs/operations.md).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Traced {

    /** The span name, e.g. {@code chat.turn}. */
    @Nonbinding
    String value();

    /**
     * Whether the method is one call to the database: the span is then a client span with
     * {@code db.system=postgresql}, named {@code db.<what>}.
     */
    @Nonbinding
    boolean database() default false;
}
