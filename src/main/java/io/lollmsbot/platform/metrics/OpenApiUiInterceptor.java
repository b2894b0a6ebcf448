package io.lollmsbot.platform.metrics;

import com.ibm.websphere.security.WebTrustAssociationFailedException;
import com.ibm.wsspi.security.tai.TAIResult;
import com.ibm.wsspi.security.tai.TrustAssociationInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Properties;

/**
 * Lets a request for Liberty's OpenAPI document and UI ({@code /openapi}, {@code /openapi/ui}) that carries
 * credentials through as the built-in identity {@code openapi-reader}: both are public, but for the UI Liberty checked
 * the credentials (a browser's remembered Basic login, a stale token) against its own user registry, which holds
 * nobody, answered 401 and logged an FFDC with CWWKS3005E for every such request. Requests without credentials are
 * not intercepted. Built into the same jar as {@link MetricsTokenInterceptor}, for the same reason: Liberty serves
 * these endpoints outside the application.
 */
public class OpenApiUiInterceptor implements TrustAssociationInterceptor {

    static final String OPENAPI_CONTEXT = "/openapi";
    static final String READER = "openapi-reader";

    @Override
    public int initialize(Properties properties) {
        return 0;
    }

    @Override
    public boolean isTargetInterceptor(HttpServletRequest request) {
        String context = request.getContextPath();
        return request.getHeader("Authorization") != null
                && (OPENAPI_CONTEXT.equals(context) || context.startsWith(OPENAPI_CONTEXT + "/"));
    }

    @Override
    public TAIResult negotiateValidateandEstablishTrust(HttpServletRequest request, HttpServletResponse response)
            throws WebTrustAssociationFailedException {
        return TAIResult.create(
                HttpServletResponse.SC_OK, READER, BuiltInIdentity.subject(READER, "lollmsbot-openapi"));
    }

    @Override
    public String getVersion() {
        return "1";
    }

    @Override
    public String getType() {
        return "lollmsbot OpenAPI credentials ignored";
    }

    @Override
    public void cleanup() {
        // nothing held
    }
}
