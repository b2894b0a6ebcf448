package io.lollmsbot.identity.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.OwnTokens;
import io.lollmsbot.identity.control.PasswordLogins;
import io.lollmsbot.identity.control.TokenService;
import io.lollmsbot.identity.control.UserAdministration;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.entity.User;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.UUID;

/** The caller: who they are, and their own API tokens. */
@Path("api/v1/me")
@RequestScoped
@RolesAllowed({Role.USER_NAME, Role.ADMIN_NAME})
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Inject
    OwnTokens ownTokens;

    @Inject
    UserAdministration administration;

    @Inject
    PasswordLogins passwordLogins;

    @Context
    HttpServletRequest request;

    private static final String BEARER = "Bearer ";

    @Context
    SecurityContext security;

    @Context
    HttpHeaders headers;

    public record Me(String username, List<String> roles) {}

    public record PasswordChange(
            @NotNull @Size(max = 1024) String currentPassword,

            @NotNull @Size(min = 12, max = 1024, message = "must be 12 to 1024 characters")
            String newPassword) {}

    @GET
    public Me me() {
        User user = caller();
        return new Me(user.username(), List.copyOf(Role.effective(user.roles())));
    }

    @GET
    @Path("tokens")
    public List<TokenViews.TokenView> myTokens() {
        return tokens.list(caller()).stream().map(TokenViews::of).toList();
    }

    @POST
    @Path("tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createToken(@NotNull @Valid TokenViews.NewToken request) {
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String presented = authorization.substring(BEARER.length()).strip();
            return TokenViews.created(ownTokens.issue(caller(), request.name(), request.expiresAt(), presented));
        }
        return TokenViews.created(ownTokens.issue(caller(), request.name(), request.expiresAt(), null));
    }

    /**
     * Changes the caller's own password (the current one is checked under the failed-login limit). Every other
     * console session of the user ends; the one making the change, if any, carries on. API tokens stay unless
     * {@code lollmsbot.auth.password-change-revokes-tokens} is true.
     */
    @PUT
    @Path("password")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response changePassword(@NotNull @Valid PasswordChange change) {
        User user = caller();
        CredentialValidationResult current = passwordLogins.validate(
                request.getRemoteAddr(), new UsernamePasswordCredential(user.username(), change.currentPassword()));
        if (current.getStatus() != CredentialValidationResult.Status.VALID) {
            throw new ProblemException(403, "The current password is wrong.");
        }
        long epoch = administration.changeOwnPassword(user, change.newPassword());
        ConsoleSession session = ConsoleSession.of(request);
        if (session != null) {
            session.continueUnder(request, epoch);
        }
        return Response.noContent().build();
    }

    @DELETE
    @Path("tokens/{id}")
    public Response revokeToken(@PathParam("id") UUID id) {
        ownTokens.revoke(caller(), id);
        return Response.noContent().build();
    }

    private User caller() {
        return users.find(security.getUserPrincipal().getName())
                .orElseThrow(() -> new ProblemException(401, "The authenticated user no longer exists."));
    }
}
