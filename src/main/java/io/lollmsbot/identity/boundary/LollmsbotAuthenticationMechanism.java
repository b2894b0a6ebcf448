package io.lollmsbot.identity.boundary;

import io.lollmsbot.common.CorsPolicy;
import io.lollmsbot.common.DatabaseUnavailable;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Problems;
import io.lollmsbot.common.RequestLogContext;
import io.lollmsbot.common.ResponseHeaders;
import io.lollmsbot.identity.control.BearerTokenCredential;
import io.lollmsbot.identity.control.CallerIds;
import io.lollmsbot.identity.control.PasswordLogins;
import io.lollmsbot.identity.control.SessionLimits;
import io.lollmsbot.identity.control.SessionUsers;
import io.lollmsbot.identity.control.Usernames;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * How callers prove who they are: HTTP Basic, a Bearer API token, or the admin console's session cookie (which also
 * needs the CSRF token on state-changing requests, see {@link CsrfFilter}). web.xml protects /api and /v1 except the
 * login; which role may do what is decided by {@code @RolesAllowed} on the resources.
 */
@ApplicationScoped
public class LollmsbotAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String REALM = "lollmsbot";
    private static final String CONSOLE = "lollmsbot-console";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SessionUsers sessionUsers;

    @Inject
    Config config;

    @Inject
    PasswordLogins passwordLogins;

    @Inject
    CorsPolicy cors;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        ResponseHeaders.apply(request, response);
        RequestLogContext.begin(request);
        String authorization = request.getHeader("Authorization");
        ConsoleSession session = authorization == null ? ConsoleSession.of(request) : null;
        try {
            if (authorization != null) {
                return byHeader(authorization, request, response, context);
            }
            if (session != null) {
                return bySession(session, request, response, context);
            }
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                // users and tokens cannot be read: neither a wrong password nor a failed login
                return refuse(response, context, DatabaseUnavailable.problem());
            }
            throw e;
        }
        if (context.isProtected()) {
            return refuse(response, context, "Send HTTP Basic credentials or a Bearer API token.");
        }
        return context.doNothing();
    }

    private AuthenticationStatus byHeader(
            String authorization,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context) {
        Optional<Credential> credential = parse(authorization);
        if (credential.isEmpty()) {
            return refuse(response, context, "Unsupported or malformed Authorization header: use Basic or Bearer.");
        }
        // passwords can be guessed, 256-bit tokens cannot: only Basic is subject to the failed-login lockout
        String caller = credential.get() instanceof UsernamePasswordCredential password ? password.getCaller() : null;
        if (caller != null && !Usernames.isValid(caller)) {
            // no such user can exist: nothing to look up, nothing to count (and nothing too long for a column)
            return refuse(response, context, "The credentials are not valid.");
        }
        CredentialValidationResult result;
        try {
            result = credential.get() instanceof UsernamePasswordCredential password
                    ? passwordLogins.validate(request.getRemoteAddr(), password)
                    : identityStores.validate(credential.get());
        } catch (ProblemException lockedOut) {
            return refuse(response, context, lockedOut);
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(response, context, "The credentials are not valid.");
        }
        Optional<Long> userId = CallerIds.userId(result.getCallerUniqueId());
        if (userId.isPresent()) {
            request.setAttribute(CallerIds.REQUEST_ATTRIBUTE, userId.get());
            StatelessLogin.prepare(
                    context.getClientSubject(),
                    userId.get(),
                    result.getCallerPrincipal().getName(),
                    result.getCallerGroups());
        }
        return context.notifyContainerAboutLogin(result.getCallerPrincipal(), result.getCallerGroups());
    }

    private AuthenticationStatus bySession(
            ConsoleSession session,
            HttpServletRequest request,
            HttpServletResponse response,
            HttpMessageContext context) {
        // a disabled user, a password change or a role taken away (on any node) moved the user's session epoch on
        Optional<SessionUsers.SessionUser> user =
                sessionUsers.find(session.username()).filter(u -> u.enabled() && u.sessionEpoch() == session.epoch());
        Instant now = Instant.now();
        if (user.isEmpty() || SessionLimits.of(config).over(session.startedAt(), session.lastSeen(), now)) {
            session.end(request);
            return refuse(response, context, "The session has ended: log in again.");
        }
        session.seen(now);
        CsrfFilter.markSessionAuthenticated(request, session);
        request.setAttribute(CallerIds.REQUEST_ATTRIBUTE, user.get().id());
        return context.notifyContainerAboutLogin(
                user.get().username(), user.get().groups());
    }

    static Optional<Credential> parse(String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = authorization.substring(0, space);
        String value = authorization.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") && !value.isEmpty()) {
            return Optional.of(new BearerTokenCredential(value));
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    return Optional.of(
                            new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
                }
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * On a protected path: 401 (or 429 when locked out) with a problem body (Liberty sends the response as written).
     * Elsewhere (the login, unknown paths) the request goes on unauthenticated.
     */
    private AuthenticationStatus refuse(HttpServletResponse response, HttpMessageContext context, String detail) {
        return refuse(response, context, new ProblemException(401, detail));
    }

    private AuthenticationStatus refuse(
            HttpServletResponse response, HttpMessageContext context, ProblemException refusal) {
        if (!context.isProtected()) {
            return context.doNothing();
        }
        // servlet filters never see this response, so it gets its CORS headers here
        cors.decorate(context.getRequest(), response);
        refusal.headers().forEach(response::setHeader);
        Problem problem = refusal.problem();
        if (problem.status() == 401 && !CONSOLE.equals(context.getRequest().getHeader("X-Requested-With"))) {
            // the console handles 401 itself; a challenge would make browsers pop up a password dialog
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        try {
            Problems.write(context.getRequest(), response, problem);
            // committed now: Liberty's security audit decodes a malformed Basic header again after this mechanism
            // and fails on it, which must not turn this answer into a 500
            response.flushBuffer();
        } catch (IOException e) {
            response.setStatus(problem.status());
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
