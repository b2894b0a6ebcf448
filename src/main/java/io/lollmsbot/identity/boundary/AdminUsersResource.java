package io.lollmsbot.identity.boundary;

import io.lollmsbot.identity.control.Usernames;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.entity.Role;
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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** User management for admins. */
@Path("api/v1/admin/users")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {

    @Inject
    UserService users;

    public record NewUser(
            @NotNull @Pattern(regexp = Usernames.REGEX, message = "must be 1-256 letters, digits or _ - @ . :") String username,
            @NotNull @Size(min = 12, max = 1024, message = "must be 12 to 1024 characters") String password,
            @NotEmpty List<@NotNull @Pattern(regexp = "user|admin", message = "must be user or admin") String> roles,
            Boolean enabled) {
    }

    public record UserView(String username, List<String> roles, boolean enabled, Instant createdAt) {
        static UserView of(User user) {
            return new UserView(user.username(), List.copyOf(Role.effective(user.roles())), user.enabled(), user.createdAt());
        }
    }

    @GET
    public List<UserView> list() {
        return users.list().stream().map(UserView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid NewUser request) {
        Set<Role> roles = request.roles().stream().map(Role::of).collect(Collectors.toSet());
        User user = users.create(request.username(), request.password(), roles, request.enabled() == null || request.enabled());
        return Response.status(Response.Status.CREATED).entity(UserView.of(user)).build();
    }
}
