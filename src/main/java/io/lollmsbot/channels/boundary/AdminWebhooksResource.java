package io.lollmsbot.channels.boundary;

import io.lollmsbot.channels.control.Webhooks;
import io.lollmsbot.channels.entity.Webhook;
import io.lollmsbot.channels.entity.WebhookDelivery;
import io.lollmsbot.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Outbound event webhooks: {@code /api/v1/admin/webhooks} (admin). */
@Path("api/v1/admin/webhooks")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
public class AdminWebhooksResource {

    @Inject
    Webhooks webhooks;

    @Context
    SecurityContext security;

    public record WebhookBody(
            @NotBlank @Size(max = 2048) String url,
            @NotEmpty @Size(max = 10) List<@NotBlank @Size(max = 64) String> events) {}

    /** The answer to a creation, the only one that carries the secret. */
    public record CreatedView(UUID id, String url, List<String> events, Instant createdAt, String secret) {}

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Webhook> list() {
        return webhooks.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@NotNull @Valid WebhookBody body) {
        Webhooks.Created created = webhooks.create(security.getUserPrincipal().getName(), body.url(), body.events());
        Webhook webhook = created.webhook();
        return Response.status(Response.Status.CREATED)
                .entity(new CreatedView(
                        webhook.id(), webhook.url(), webhook.events(), webhook.createdAt(), created.secret()))
                .build();
    }

    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") UUID id) {
        webhooks.delete(security.getUserPrincipal().getName(), id);
    }

    @GET
    @Path("{id}/deliveries")
    @Produces(MediaType.APPLICATION_JSON)
    public List<WebhookDelivery> deliveries(
            @PathParam("id") UUID id, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return webhooks.deliveries(id, limit);
    }
}
