package io.lollmsbot.identity.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.identity.control.OidcLogins;
import io.lollmsbot.identity.control.PendingOidcLogins;
import io.lollmsbot.identity.control.SessionLimits;
import io.lollmsbot.identity.control.SessionUsers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.Config;

/**
 * Sign-in through the OpenID Connect provider of {@code lollmsbot.oidc.*}: the login pages ask whether it is on, send
 * the browser to {@code login}, and the provider sends it back to {@code callback}, which starts the same session
 * (cookie and CSRF token, fetched by the page from {@code GET /api/v1/auth/session}) as a password login.
 */
@Path("api/v1/auth/oidc")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class OidcResource {

    /** Binds the provider's answer to the browser that started the login; Lax, since the answer is a cross-site GET. */
    static final String STATE_COOKIE = "LOLLMSBOT_OIDC_STATE";

    private static final String CALLBACK = "api/v1/auth/oidc/callback";

    @Inject
    OidcLogins logins;

    @Inject
    SessionUsers sessionUsers;

    @Inject
    Config config;

    @Context
    HttpServletRequest request;

    @Context
    UriInfo uri;

    /** {@code loginPath} is null when OIDC is off; the page adds {@code ?to=chat} or {@code ?to=console}. */
    public record OidcInfo(boolean enabled, String providerName, String loginPath) {}

    @GET
    public OidcInfo info() {
        return logins.settings()
                .map(settings -> new OidcInfo(true, settings.providerName(), "/api/v1/auth/oidc/login"))
                .orElse(new OidcInfo(false, null, null));
    }

    @GET
    @Path("login")
    public Response login(@QueryParam("to") @DefaultValue("chat") @Pattern(regexp = "chat|console") String to) {
        OidcLogins.Started started = logins.begin(to, redirectUri());
        return Response.seeOther(started.authorization())
                .header("Set-Cookie", stateCookie(started.state(), PendingOidcLogins.MAX_AGE_SECONDS))
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("callback")
    public Response callback(
            @QueryParam("state") @Size(max = 512) String state,
            @QueryParam("code") @Size(max = 4096) String code,
            @QueryParam("error") @Size(max = 256) String error,
            @CookieParam(STATE_COOKIE) String browserState) {
        if (state == null || browserState == null || !sameSecret(state, browserState)) {
            throw new ProblemException(
                    400, "This sign-in was not started in this browser (state mismatch): start it again.");
        }
        if (error != null || code == null) {
            throw new ProblemException(
                    401, "The identity provider did not sign you in" + (error == null ? "" : " (" + error + ")") + ".");
        }
        OidcLogins.SignedIn signedIn = logins.complete(state, code, redirectUri());
        long epoch = sessionUsers
                .find(signedIn.username())
                .orElseThrow(() -> new ProblemException(401, "The account is gone: sign in again."))
                .sessionEpoch();
        ConsoleSession.start(
                request, signedIn.username(), epoch, SessionLimits.of(config).idleSeconds());
        return Response.seeOther(URI.create("console".equals(signedIn.returnTo()) ? "/admin/" : "/chat"))
                .header("Set-Cookie", stateCookie("", 0))
                .header("Cache-Control", "no-store")
                .build();
    }

    private String redirectUri() {
        return uri.getBaseUriBuilder().path(CALLBACK).build().toString();
    }

    private String stateCookie(String value, int maxAge) {
        return STATE_COOKIE + "=" + value + "; Path=/" + CALLBACK + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (request.isSecure() ? "; Secure" : "");
    }

    private static boolean sameSecret(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
