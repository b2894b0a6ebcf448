package io.lollmsbot.chat.boundary;

import io.lollmsbot.chat.control.ChatService;
import io.lollmsbot.chat.control.TurnListener;
import io.lollmsbot.chat.control.TurnRequest;
import io.lollmsbot.chat.control.TurnResult;
import io.lollmsbot.common.Role;
import io.lollmsbot.tools.boundary.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The OpenAI Chat Completions API for existing clients and SDKs. The lollmsbot agent answers (Soul, Guardian, tools);
 * the wire format is {@link OpenAiProtocol}'s. Each call is a conversation of its own. Application-scoped, like
 * {@link ChatResource}, with the caller as a parameter of the call.
 */
@Path("v1")
@ApplicationScoped
@RolesAllowed({Role.USER_NAME, Role.ADMIN_NAME})
public class OpenAiCompatibleResource {

    private static final String DONE = "[DONE]";

    /** Queued after the stream's last chunk; never written. */
    private static final JsonObject END = JsonValue.EMPTY_JSON_OBJECT;

    @Inject
    ChatService chat;

    @Inject
    Callers callers;

    @Inject
    MessageLimit limit;

    @GET
    @Path("models")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject models() {
        return OpenAiProtocol.models();
    }

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response completions(@NotNull JsonObject body, @Context SecurityContext security) {
        OpenAiProtocol.Input input = OpenAiProtocol.input(body);
        input.contents().forEach(content -> limit.check("messages", content));
        TurnRequest turn = new TurnRequest(callers.of(security), null, input.message(), input.context());
        String model = body.getString("model", OpenAiProtocol.MODEL);
        boolean includeUsage = OpenAiProtocol.includeUsage(body);
        if (body.getBoolean("stream", false)) {
            return Response.ok(streamed(turn, model, includeUsage), MediaType.SERVER_SENT_EVENTS)
                    .build();
        }
        TurnResult result = chat.chat(turn);
        return Response.ok(OpenAiProtocol.completion(result, model), MediaType.APPLICATION_JSON)
                .build();
    }

    /**
     * Streams {@code data:} chunks in the OpenAI shape. The turn is queued before the response starts, so refusals
     * (Guardian, overload) are still plain problem responses; the turn completes and is stored even if the client
     * leaves.
     */
    private StreamingOutput streamed(TurnRequest turn, String model, boolean includeUsage) {
        BlockingQueue<JsonObject> chunks = new LinkedBlockingQueue<>();
        String id = "chatcmpl-" + UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        chat.stream(turn, new TurnListener() {
                    @Override
                    public void delta(String text) {
                        chunks.add(OpenAiProtocol.deltaChunk(id, created, model, text));
                    }
                })
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        chunks.add(OpenAiProtocol.errorChunk(failure));
                    } else {
                        chunks.add(OpenAiProtocol.lastChunk(id, created, model));
                        if (includeUsage) {
                            chunks.add(OpenAiProtocol.usageChunk(id, created, model, result.usage()));
                        }
                    }
                    chunks.add(END);
                });
        return output -> {
            write(output, OpenAiProtocol.firstChunk(id, created, model).toString());
            for (JsonObject next = take(chunks); next != END; next = take(chunks)) {
                write(output, next.toString());
            }
            write(output, DONE);
        };
    }

    private static void write(OutputStream output, String data) {
        try {
            output.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            output.flush();
        } catch (IOException clientGone) {
            throw new UncheckedIOException(clientGone);
        }
    }

    private static JsonObject take(BlockingQueue<JsonObject> chunks) {
        try {
            return chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
