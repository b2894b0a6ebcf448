package io.lollmsbot.identity.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.PasswordLogins;
import io.lollmsbot.identity.control.SessionLimits;
import io.lollmsbot.identity.control.SessionUsers;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;

/** The admin console's login and logout: a session cookie plus a CSRF token, never a secret in browser storage. */
@Path("api/v1/auth")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    PasswordLogins passwordLogins;

    @Inject
    SessionUsers sessionUsers;

    @Inject
    Config config;

    @Context
    HttpServletRequest request;

    public record LoginRequest(
            @NotBlank @Size(max = 256) String username,
            @NotNull @Size(max = 1024) String password) {}

    public record LoginResponse(String username, List<String> roles, String csrfToken) {}

    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_JSON)
    @StartsSession
    public LoginResponse login(@NotNull @Valid LoginRequest login) {
        CredentialValidationResult result = passwordLogins.validate(
                request.getRemoteAddr(), new UsernamePasswordCredential(login.username(), login.password()));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throw new ProblemException(401, "Wrong username or password.");
        }
        Set<String> roles = result.getCallerGroups();
        String username = result.getCallerPrincipal().getName();
        long epoch = sessionUsers
                .find(username)
                .orElseThrow(() -> new ProblemException(401, "Wrong username or password."))
                .sessionEpoch();
        ConsoleSession session = ConsoleSession.start(
                request, username, epoch, SessionLimits.of(config).idleSeconds());
        return new LoginResponse(session.username(), roles.stream().sorted().toList(), session.csrfToken());
    }

    /** The signed-in browser session again (its CSRF token included), for a page that was reloaded. */
    @GET
    @Path("session")
    public LoginResponse session() {
        ConsoleSession session = ConsoleSession.of(request);
        if (session == null) {
            throw new ProblemException(401, "No browser session: log in.");
        }
        List<String> roles = Stream.of(Role.ADMIN_NAME, Role.USER_NAME)
                .filter(request::isUserInRole)
                .toList();
        return new LoginResponse(session.username(), roles, session.csrfToken());
    }

    @POST
    @Path("logout")
    public Response logout() {
        ConsoleSession session = ConsoleSession.of(request);
        if (session != null) {
            session.end(request);
        }
        return Response.noContent().build();
    }
}
