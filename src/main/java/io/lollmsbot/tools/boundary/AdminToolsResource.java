package io.lollmsbot.tools.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.tools.control.ToolRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Set;

/**
 * The tool policy for admins: every tool with its schema, whether it is switched on, which roles may use it and
 * whether its calls need approval; {@code PUT /api/v1/admin/tools/{name}} changes the roles and the approval flag.
 */
@Path("api/v1/admin/tools")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminToolsResource {

    @Inject
    ToolRegistry registry;

    @Context
    SecurityContext security;

    public record PolicyChange(
            @NotNull @Size(max = 2)
            Set<@NotNull @Pattern(regexp = "user|admin", message = "must be user or admin") String> allowedRoles,

            boolean requiresApproval) {}

    @GET
    public List<ToolRegistry.ToolSummary> list() {
        return registry.summaries();
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ToolRegistry.ToolSummary change(@PathParam("name") String name, @NotNull @Valid PolicyChange change) {
        return registry.changePolicy(
                        security.getUserPrincipal().getName(), name, change.allowedRoles(), change.requiresApproval())
                .orElseThrow(() -> new ProblemException(404, "No tool named '" + name + "'."));
    }
}
