package io.lollmsbot.platform.liberty;

import com.ibm.websphere.security.WebTrustAssociationFailedException;
import com.ibm.wsspi.security.tai.TAIResult;
import com.ibm.wsspi.security.tai.TrustAssociationInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.Properties;
import javax.security.auth.Subject;

/**
 * Authentication for the endpoints Liberty serves from its own web modules, out of the application's reach:
 * {@code /metrics} and the OpenAPI document and UI ({@code /openapi}, {@code /openapi/ui}). A Liberty Trust Association
 * Interceptor (server.xml {@code <trustAssociation>}), loaded from its own small jar, not from the WAR.
 * <ul>
 *   <li>{@code /metrics} requires {@code Authorization: Bearer <lollmsbot.metrics.token>} when that token is set. The
 *       token comes from server.xml (the variable {@code lollmsbot.metrics.token}, so environment
 *       {@code LOLLMSBOT_METRICS_TOKEN}) and is read at startup. It is never logged; a wrong token is answered like a
 *       missing one.</li>
 *   <li>Otherwise these endpoints are public, and a request to them that carries credentials anyway (a scraper
 *       configured with Basic authentication, a browser's remembered login, a stale token) is let through as a
 *       built-in identity: Liberty would check the credentials against its user registry, which holds nobody, answer
 *       401 and log an error (CWWKS3005E, for the UI with an FFDC) for every such request. Requests without
 *       credentials are not intercepted.</li>
 * </ul>
 */
public class LibertyEndpointsInterceptor implements TrustAssociationInterceptor {

    static final String TOKEN_PROPERTY = "token";
    static final String METRICS_CONTEXT = "/metrics";
    static final String OPENAPI_CONTEXT = "/openapi";
    static final String SCRAPER = "metrics-scraper";
    static final String OPENAPI_READER = "openapi-reader";

    private static final String BEARER = "Bearer ";
    private static final String CREDENTIALS = "com.ibm.wsspi.security.cred.";
    private static final String UNAUTHORIZED = "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"/metrics needs the bearer token of lollmsbot.metrics.token.\"}";

    private byte[] expected = new byte[0];

    @Override
    public int initialize(Properties properties) {
        expected = properties.getProperty(TOKEN_PROPERTY, "").strip().getBytes(StandardCharsets.UTF_8);
        return 0;
    }

    @Override
    public boolean isTargetInterceptor(HttpServletRequest request) {
        boolean credentials = request.getHeader("Authorization") != null;
        String context = request.getContextPath();
        if (METRICS_CONTEXT.equals(context)) {
            return expected.length > 0 || credentials;
        }
        return credentials && (OPENAPI_CONTEXT.equals(context) || context.startsWith(OPENAPI_CONTEXT + "/"));
    }

    @Override
    public TAIResult negotiateValidateandEstablishTrust(HttpServletRequest request, HttpServletResponse response)
            throws WebTrustAssociationFailedException {
        if (!METRICS_CONTEXT.equals(request.getContextPath())) {
            return TAIResult.create(HttpServletResponse.SC_OK, OPENAPI_READER, builtIn(OPENAPI_READER));
        }
        if (expected.length == 0 || accepts(request.getHeader("Authorization"))) {
            return TAIResult.create(HttpServletResponse.SC_OK, SCRAPER, builtIn(SCRAPER));
        }
        try {
            challenge(response);
        } catch (IOException e) {
            throw new WebTrustAssociationFailedException(
                    "cannot answer 401: " + e.getClass().getSimpleName());
        }
        return TAIResult.create(HttpServletResponse.SC_UNAUTHORIZED);
    }

    /** Whether {@code authorization} is {@code Bearer <token>} (the scheme in any case), compared in constant time. */
    boolean accepts(String authorization) {
        return authorization != null
                && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && MessageDigest.isEqual(
                        expected,
                        authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
    }

    /** 401 problem+json with a Bearer challenge; a wrong token is answered like a missing one. */
    static void challenge(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(UNAUTHORIZED);
    }

    /**
     * The identity of a request let through, complete in itself so that Liberty asks no user registry (the
     * application has its own identity store, the server none).
     */
    private static Subject builtIn(String name) {
        Hashtable<String, Object> credentials = new Hashtable<>();
        credentials.put(CREDENTIALS + "uniqueId", name);
        credentials.put(CREDENTIALS + "securityName", name);
        credentials.put(CREDENTIALS + "realm", "lollmsbot-liberty-endpoints");
        credentials.put(CREDENTIALS + "groups", new ArrayList<String>());
        credentials.put(CREDENTIALS + "cacheKey", "lollmsbot-" + name);
        Subject subject = new Subject();
        subject.getPublicCredentials().add(credentials);
        return subject;
    }

    @Override
    public String getVersion() {
        return "1";
    }

    @Override
    public String getType() {
        return "lollmsbot Liberty endpoints (metrics token, credentials ignored)";
    }

    @Override
    public void cleanup() {
        expected = new byte[0];
    }
}
