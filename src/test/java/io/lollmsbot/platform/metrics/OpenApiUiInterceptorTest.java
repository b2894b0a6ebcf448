package io.lollmsbot.platform.metrics;

import static io.lollmsbot.platform.metrics.MetricsTokenInterceptorTest.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which requests it takes; what Liberty then does with them is OperationsIT's (TAIResult needs the runtime). */
class OpenApiUiInterceptorTest {

    private static final String BASIC = "Basic YWRtaW46c2VjcmV0";

    @Test
    void onlyOpenApiRequestsWithCredentialsAreIntercepted() {
        OpenApiUiInterceptor interceptor = new OpenApiUiInterceptor();
        assertEquals(0, interceptor.initialize(new Properties()));
        assertTrue(interceptor.isTargetInterceptor(request("/openapi/ui", BASIC)));
        assertTrue(interceptor.isTargetInterceptor(request("/openapi", "Bearer stale")));
        assertFalse(interceptor.isTargetInterceptor(request("/openapi/ui", null)), "anonymous needs nothing");
        assertFalse(interceptor.isTargetInterceptor(request("", BASIC)), "the application authenticates itself");
        assertFalse(interceptor.isTargetInterceptor(request("/openapix", BASIC)));
        assertFalse(interceptor.isTargetInterceptor(request("/metrics", BASIC)));
        assertFalse(interceptor.isTargetInterceptor(request("/admin", BASIC)));
    }
}
