package io.lollmsbot.channels.boundary;

import io.lollmsbot.channels.control.DiscordChannel;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code POST /api/v1/channels/discord/interactions}, the application's Interactions Endpoint URL. */
@Path("api/v1/channels/discord/interactions")
@RequestScoped
@PermitAll
public class DiscordChannelResource {

    @Inject
    DiscordChannel discord;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> interaction(
            @HeaderParam("X-Signature-Ed25519") String signature,
            @HeaderParam("X-Signature-Timestamp") String timestamp,
            byte[] body) {
        discord.authenticate(signature, timestamp, body);
        return discord.handle(body);
    }
}
