package io.lollmsbot.channels.boundary;

import io.lollmsbot.channels.control.GenericChannel;
import io.lollmsbot.channels.control.Signatures;
import io.lollmsbot.channels.entity.ChannelEvent;
import io.lollmsbot.chat.boundary.MessageLimit;
import io.lollmsbot.common.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/v1/channels/generic/events} and {@code GET .../{id}}: no user credentials, the channel's
 * signature authenticates the sender (a GET is signed over {@code "<timestamp>.<id>"}). The body is taken raw,
 * because the signature covers its exact bytes, and parsed only once it is authentic.
 */
@Path("api/v1/channels/generic/events")
@RequestScoped
@PermitAll
public class GenericChannelResource {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    GenericChannel channel;

    @Inject
    MessageLimit limit;

    @Inject
    Validator validator;

    public record EventBody(
            @NotBlank @Size(max = 256) @Pattern(regexp = "[!-~]+", message = "must be printable ASCII without spaces")
            String id,

            @NotBlank
            @Size(max = 200)
            @Pattern(regexp = "[\\p{L}\\p{Nd}_\\-@.]+", message = "must be letters, digits, _ - @ or .")
            String user,

            @NotNull @Size(min = 1, max = 1_000_000) String text,

            @Pattern(
                    regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                    message = "must be a conversation id (UUID)")
            String conversation) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response event(
            @HeaderParam(Signatures.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(Signatures.SIGNATURE_HEADER) String signature,
            byte[] body) {
        channel.authenticate(timestamp, signature, body);
        EventBody event = parse(body);
        limit.check("text", event.text());
        UUID conversation = event.conversation() == null ? null : UUID.fromString(event.conversation());
        GenericChannel.Ack ack =
                channel.accept(new GenericChannel.Inbound(event.id(), event.user(), event.text(), conversation));
        return Response.accepted(ack).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public ChannelEvent read(
            @HeaderParam(Signatures.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(Signatures.SIGNATURE_HEADER) String signature,
            @PathParam("id") String id) {
        channel.authenticate(timestamp, signature, id.getBytes(StandardCharsets.UTF_8));
        return channel.read(id);
    }

    private EventBody parse(byte[] body) {
        EventBody event;
        try {
            event = JSONB.fromJson(new String(body, StandardCharsets.UTF_8), EventBody.class);
        } catch (JsonbException e) {
            throw new ProblemException(400, "The body is not a JSON object of id, user, text and conversation.");
        }
        if (event == null) {
            throw new ProblemException(400, "The body is not a JSON object of id, user, text and conversation.");
        }
        Set<ConstraintViolation<EventBody>> violations = validator.validate(event);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return event;
    }
}
