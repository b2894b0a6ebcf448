package io.lollmsbot.platform.liberty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LibertyEndpointsInterceptorTest {

    private static final String TOKEN = "scrape-Secret-42";
    private static final String BASIC = "Basic YWRtaW46c2VjcmV0";

    @Test
    void withoutATokenNothingIsIntercepted() throws Exception {
        LibertyEndpointsInterceptor interceptor = withToken("");
        assertFalse(interceptor.isTargetInterceptor(request("/metrics", null)));
        assertFalse(withToken("   ").isTargetInterceptor(request("/metrics", null)));
    }

    @Test
    void withoutATokenOnlyRequestsToMetricsWithCredentialsAreIntercepted() throws Exception {
        LibertyEndpointsInterceptor interceptor = withToken("");
        assertTrue(interceptor.isTargetInterceptor(request("/metrics", BASIC)));
        assertFalse(interceptor.isTargetInterceptor(request("/admin", BASIC)), "only /metrics");
    }

    @Test
    void withATokenOnlyMetricsIsIntercepted() throws Exception {
        LibertyEndpointsInterceptor interceptor = withToken(TOKEN);
        assertTrue(interceptor.isTargetInterceptor(request("/metrics", null)));
        assertFalse(interceptor.isTargetInterceptor(request("", null)), "the application at /");
        assertFalse(interceptor.isTargetInterceptor(request("/admin", null)));
        assertFalse(interceptor.isTargetInterceptor(request("/health", null)));
    }

    @Test
    void onlyOpenApiRequestsWithCredentialsAreIntercepted() throws Exception {
        for (String token : new String[] {"", TOKEN}) {
            LibertyEndpointsInterceptor interceptor = withToken(token);
            assertTrue(interceptor.isTargetInterceptor(request("/openapi/ui", BASIC)));
            assertTrue(interceptor.isTargetInterceptor(request("/openapi", "Bearer stale")));
            assertFalse(interceptor.isTargetInterceptor(request("/openapi/ui", null)), "anonymous needs nothing");
            assertFalse(interceptor.isTargetInterceptor(request("", BASIC)), "the application authenticates itself");
            assertFalse(interceptor.isTargetInterceptor(request("/openapix", BASIC)));
            assertFalse(interceptor.isTargetInterceptor(request("/admin", BASIC)));
        }
    }

    @Test
    void onlyTheRightBearerTokenIsAccepted() throws Exception {
        LibertyEndpointsInterceptor interceptor = withToken(TOKEN);
        assertTrue(interceptor.accepts("Bearer " + TOKEN));
        assertTrue(interceptor.accepts("bearer " + TOKEN), "the scheme is case-insensitive");
        for (String wrong :
                new String[] {null, "", "Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN, "Bearer "}) {
            assertFalse(interceptor.accepts(wrong), wrong);
        }
    }

    @Test
    void theChallengeIsA401ProblemThatEchoesNothing() throws Exception {
        Response response = new Response();
        LibertyEndpointsInterceptor.challenge(response.proxy());
        assertEquals(401, response.status);
        assertEquals("Bearer realm=\"metrics\"", response.headers.get("WWW-Authenticate"));
        assertEquals("no-store", response.headers.get("Cache-Control"));
        assertEquals("application/problem+json", response.contentType);
        assertTrue(response.body.toString().contains("\"status\":401"), response.body::toString);
        assertFalse(response.body.toString().contains("Bearer "), "no credentials in the answer");
    }

    private static LibertyEndpointsInterceptor withToken(String token) throws Exception {
        Properties properties = new Properties();
        properties.setProperty(LibertyEndpointsInterceptor.TOKEN_PROPERTY, token);
        LibertyEndpointsInterceptor interceptor = new LibertyEndpointsInterceptor();
        assertEquals(0, interceptor.initialize(properties));
        return interceptor;
    }

    private static HttpServletRequest request(String contextPath, String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                LibertyEndpointsInterceptorTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getContextPath" -> contextPath;
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Records what the interceptor answers. */
    private static final class Response {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();
        private final PrintWriter writer = new PrintWriter(body, true);

        HttpServletResponse proxy() {
            return (HttpServletResponse) Proxy.newProxyInstance(
                    LibertyEndpointsInterceptorTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setCharacterEncoding" -> {}
                            case "getWriter" -> {
                                return writer;
                            }
                            default -> throw new UnsupportedOperationException(method.getName());
                        }
                        return null;
                    });
        }
    }
}
