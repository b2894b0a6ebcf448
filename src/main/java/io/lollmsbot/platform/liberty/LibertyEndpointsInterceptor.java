package io.lollmsbot.platform.metrics;

import com.ibm.websphere.security.WebTrustAssociationFailedException;
import com.ibm.wsspi.security.tai.TAIResult;
import com.ibm.wsspi.security.tai.TrustAssociationInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Properties;

/**
 * Requires {@code Authorization: Bearer <lollmsbot.metrics.token>} on {@code /metrics} when that token is set.
 * Liberty serves {@code /metrics} from its own web module, out of the application's reach, so this is a Liberty
 * Trust Association Interceptor (server.xml {@code <trustAssociation>}), loaded from its own small jar, not from the
 * WAR. With no token {@code /metrics} stays anonymous: the interceptor then only takes requests that carry
 * credentials anyway (a scraper configured with Basic authentication) and lets them through, since Liberty would
 * otherwise check them against its user registry, which holds nobody, answer 401 and log an error for every scrape.
 * The token comes from server.xml (the
 * variable {@code lollmsbot.metrics.token}, so environment {@code LOLLMSBOT_METRICS_TOKEN}) and is read at startup.
 * It is never logged; a wrong token is answered like a missing one.
 */
public class MetricsTokenInterceptor implements TrustAssociationInterceptor {

    static final String TOKEN_PROPERTY = "token";
    static final String METRICS_CONTEXT = "/metrics";
    static final String SCRAPER = "metrics-scraper";

    private static final String BEARER = "Bearer ";
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
        return METRICS_CONTEXT.equals(request.getContextPath())
                && (expected.length > 0 || request.getHeader("Authorization") != null);
    }

    @Override
    public TAIResult negotiateValidateandEstablishTrust(HttpServletRequest request, HttpServletResponse response)
            throws WebTrustAssociationFailedException {
        if (expected.length == 0 || accepts(request.getHeader("Authorization"))) {
            return TAIResult.create(
                    HttpServletResponse.SC_OK, SCRAPER, BuiltInIdentity.subject(SCRAPER, "lollmsbot-metrics"));
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

    @Override
    public String getVersion() {
        return "1";
    }

    @Override
    public String getType() {
        return "lollmsbot metrics bearer token";
    }

    @Override
    public void cleanup() {
        expected = new byte[0];
    }
}
