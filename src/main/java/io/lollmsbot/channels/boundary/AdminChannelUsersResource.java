package io.lollmsbot.channels.boundary;

import io.lollmsbot.channels.control.ChannelIdentities;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

/** Admin mapping of channel users to lollmsbot users: {@code /api/v1/admin/channels/{channel}/users}. */
@Path("api/v1/admin/channels/{channel}/users")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
public class AdminChannelUsersResource {

    static final Set<String> CHANNELS = Set.of("generic", "slack", "telegram", "discord");

    @Inject
    ChannelIdentities identities;

    @Context
    SecurityContext security;

    public record MappingBody(@NotBlank @Size(max = 256) String username) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<ChannelIdentities.Mapping> list(@PathParam("channel") String channel) {
        return identities.list(known(channel));
    }

    @PUT
    @Path("{externalId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ChannelIdentities.Mapping map(
            @PathParam("channel") String channel,
            @PathParam("externalId") @Size(min = 1, max = 200) String externalId,
            @NotNull @Valid MappingBody body) {
        return identities.map(actor(), known(channel), externalId, body.username());
    }

    @DELETE
    @Path("{externalId}")
    public void unmap(@PathParam("channel") String channel, @PathParam("externalId") String externalId) {
        identities.unmap(actor(), known(channel), externalId);
    }

    private static String known(String channel) {
        if (!CHANNELS.contains(channel)) {
            throw new ProblemException(404, "No channel named '" + channel + "'; channels are " + CHANNELS + ".");
        }
        return channel;
    }

    private String actor() {
        return security.getUserPrincipal().getName();
    }
}
