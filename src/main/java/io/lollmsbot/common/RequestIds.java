package io.lollmsbot.common;

import com.ibm.websphere.logging.hpel.LogRecordContext;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** The request id of the contract: the caller's X-Request-Id when it is well formed, otherwise a new one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = RequestIds.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String LOG_EXTENSION = "requestId";
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    /** What was learnt while serving the current request on this thread; cleared when the request ends. */
    private static final ThreadLocal<Map<String, Object>> LEARNT = ThreadLocal.withInitial(HashMap::new);

    private RequestIds() {}

    public static String accept(String candidate) {
        return candidate != null && VALID.matcher(candidate).matches()
                ? candidate
                : UUID.randomUUID().toString();
    }

    /** The id of the request this thread serves, for audit rows and outbound calls; null outside a request. */
    public static String current() {
        return CURRENT.get();
    }

    /** Makes {@code id} this thread's request id, for audit rows and for every log line ({@code ext_requestId}). */
    public static void bind(String id) {
        if (!id.equals(CURRENT.get())) {
            // a request binds its id more than once (listener, authentication, filter); only a new one forgets
            LEARNT.remove();
        }
        CURRENT.set(id);
        LogRecordContext.addExtension(LOG_EXTENSION, id);
    }

    public static void unbind() {
        LEARNT.remove();
        CURRENT.remove();
        LogRecordContext.removeExtension(LOG_EXTENSION);
    }

    /**
     * Keeps {@code value} for the rest of the request this thread serves (e.g. a version read while authenticating,
     * for a later check of the same request); nothing is kept outside a request.
     */
    public static void remember(String key, Object value) {
        if (current() != null) {
            LEARNT.get().put(key, value);
        }
    }

    /** What {@link #remember} kept under {@code key} during the request this thread serves; empty if nothing. */
    public static <T> Optional<T> remembered(String key, Class<T> type) {
        if (current() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(LEARNT.get().get(key))
                .filter(type::isInstance)
                .map(type::cast);
    }

    /**
     * The work, to run on another thread (a lane worker) under the request id of the thread that calls this, so
     * that its log lines and audit rows name the request that caused them.
     */
    public static <T> Callable<T> carriedTo(Callable<T> work) {
        String id = current();
        if (id == null) {
            return work;
        }
        return () -> {
            bind(id);
            try {
                return work.call();
            } finally {
                unbind();
            }
        };
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
