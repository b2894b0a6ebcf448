package io.lollmsbot.platform.metrics;

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

class MetricsTokenInterceptorTest {

    private static final String TOKEN = "scrape-Secret-42";

    @Test
    void withoutATokenNothingIsIntercepted() throws Exception {
        MetricsTokenInterceptor interceptor = withToken("");
        assertFalse(interceptor.isTargetInterceptor(request("/metrics", null)));
        assertFalse(withToken("   ").isTargetInterceptor(request("/metrics", null)));
    }

    @Test
    void withoutATokenOnlyRequestsToMetricsWithCredentialsAreIntercepted() throws Exception {
        MetricsTokenInterceptor interceptor = withToken("");
        String basic = "Basic YWRtaW46c2VjcmV0";
        assertTrue(interceptor.isTargetInterceptor(request("/metrics", basic)));
        assertFalse(interceptor.isTargetInterceptor(request("/admin", basic)), "only /metrics");
    }

    @Test
    void withATokenOnlyMetricsIsIntercepted() throws Exception {
        MetricsTokenInterceptor interceptor = withToken(TOKEN);
        assertTrue(interceptor.isTargetInterceptor(request("/metrics", null)));
        assertFalse(interceptor.isTargetInterceptor(request("", null)), "the application at /");
        assertFalse(interceptor.isTargetInterceptor(request("/admin", null)));
        assertFalse(interceptor.isTargetInterceptor(request("/health", null)));
    }

    @Test
    void onlyTheRightBearerTokenIsAccepted() throws Exception {
        MetricsTokenInterceptor interceptor = withToken(TOKEN);
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
        MetricsTokenInterceptor.challenge(response.proxy());
        assertEquals(401, response.status);
        assertEquals("Bearer realm=\"metrics\"", response.headers.get("WWW-Authenticate"));
        assertEquals("no-store", response.headers.get("Cache-Control"));
        assertEquals("application/problem+json", response.contentType);
        assertTrue(response.body.toString().contains("\"status\":401"), response.body::toString);
        assertFalse(response.body.toString().contains("Bearer "), "no credentials in the answer");
    }

    private static MetricsTokenInterceptor withToken(String token) throws Exception {
        Properties properties = new Properties();
        properties.setProperty(MetricsTokenInterceptor.TOKEN_PROPERTY, token);
        MetricsTokenInterceptor interceptor = new MetricsTokenInterceptor();
        assertEquals(0, interceptor.initialize(properties));
        return interceptor;
    }

    /** A request to {@code contextPath} with this Authorization header (null: none). */
    static HttpServletRequest request(String contextPath, String authorization) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                MetricsTokenInterceptorTest.class.getClassLoader(),
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
                    MetricsTokenInterceptorTest.class.getClassLoader(),
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
