package io.lollmsbot.config.boundary;

import io.lollmsbot.common.Role;
import io.lollmsbot.config.control.SettingsHistory;
import io.lollmsbot.config.control.SettingsService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** Runtime settings for admins: where each value comes from, whether it is pinned, changing it, and its history. */
@Path("api/v1/admin/settings")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminSettingsResource {

    @Inject
    SettingsService settings;

    @Inject
    SettingsHistory history;

    @Context
    SecurityContext security;

    public record SettingChange(@NotNull @Size(max = 10_000) String value) {}

    @GET
    public List<SettingsService.Entry> list() {
        return settings.list();
    }

    /** Runtime changes, newest first (read-only; pruned by the Heartbeat's retention). */
    @GET
    @Path("history")
    public List<SettingsHistory.Change> history(
            @QueryParam("key") @Size(max = 200) String key,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1000) int limit) {
        return history.list(key, limit);
    }

    @GET
    @Path("{key}")
    public SettingsService.Entry get(@PathParam("key") String key) {
        return settings.get(key);
    }

    @PUT
    @Path("{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public SettingsService.Entry change(@PathParam("key") String key, @NotNull @Valid SettingChange change) {
        return settings.change(security.getUserPrincipal().getName(), key, change.value());
    }

    @DELETE
    @Path("{key}")
    public Response reset(@PathParam("key") String key) {
        settings.reset(security.getUserPrincipal().getName(), key);
        return Response.noContent().build();
    }
}
