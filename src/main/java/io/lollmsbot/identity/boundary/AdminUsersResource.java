package io.lollmsbot.identity.boundary;

import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.UserAdministration;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.control.Usernames;
import io.lollmsbot.identity.entity.User;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** User and token management for admins. */
@Path("api/v1/admin/users")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    private static final String ROLE = "user|admin";
    private static final String ROLE_MESSAGE = "must be user or admin";

    @Inject
    UserService users;

    @Inject
    UserAdministration administration;

    @Context
    SecurityContext security;

    public record NewUser(
            @NotNull @Pattern(regexp = Usernames.REGEX, message = "must be 1-256 letters, digits or _ - @ . :")
            String username,

            @NotNull @Size(min = 12, max = 1024, message = "must be 12 to 1024 characters")
            String password,

            @NotEmpty List<@NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles,
            Boolean enabled) {}

    /** Fields left out stay as they are. */
    public record UserChange(
            @Size(min = 1, message = "must name at least one role")
            List<@NotNull @Pattern(regexp = ROLE, message = ROLE_MESSAGE) String> roles,

            Boolean enabled,

            @Size(min = 12, max = 1024, message = "must be 12 to 1024 characters")
            String password) {}

    public record UserView(String username, List<String> roles, boolean enabled, Instant createdAt) {
        static UserView of(User user) {
            return new UserView(
                    user.username(), List.copyOf(Role.effective(user.roles())), user.enabled(), user.createdAt());
        }
    }

    @GET
    public List<UserView> list() {
        return users.list().stream().map(UserView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid NewUser request) {
        User user = administration.create(
                actor(),
                request.username(),
                request.password(),
                roles(request.roles()),
                request.enabled() == null || request.enabled());
        return Response.status(Response.Status.CREATED)
                .entity(UserView.of(user))
                .build();
    }

    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView update(@PathParam("username") String username, @NotNull @Valid UserChange request) {
        Set<Role> roles = request.roles() == null ? null : roles(request.roles());
        return UserView.of(administration.update(
                actor(), username, new UserAdministration.Change(roles, request.enabled(), request.password())));
    }

    @DELETE
    @Path("{username}")
    public Response delete(@PathParam("username") String username) {
        administration.delete(actor(), username);
        return Response.noContent().build();
    }

    @GET
    @Path("{username}/tokens")
    public List<TokenViews.TokenView> tokens(@PathParam("username") String username) {
        return administration.tokens(username).stream().map(TokenViews::of).toList();
    }

    @POST
    @Path("{username}/tokens")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response issueToken(@PathParam("username") String username, @NotNull @Valid TokenViews.NewToken request) {
        return TokenViews.created(administration.issueToken(actor(), username, request.name(), request.expiresAt()));
    }

    @DELETE
    @Path("{username}/tokens/{id}")
    public Response revokeToken(@PathParam("username") String username, @PathParam("id") UUID id) {
        administration.revokeToken(actor(), username, id);
        return Response.noContent().build();
    }

    private String actor() {
        return security.getUserPrincipal().getName();
    }

    private static Set<Role> roles(List<String> names) {
        return names.stream().map(Role::of).collect(Collectors.toSet());
    }
}
