package io.lollmsbot.chat.boundary;

import io.lollmsbot.chat.control.ChatService;
import io.lollmsbot.chat.control.TurnListener;
import io.lollmsbot.chat.control.TurnRequest;
import io.lollmsbot.chat.control.TurnResult;
import io.lollmsbot.identity.entity.Role;
import io.lollmsbot.platform.control.Problem;
import io.lollmsbot.platform.control.ProblemException;
import io.lollmsbot.tools.boundary.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The OpenAI Chat Completions API for existing clients and SDKs. The lollmsbot agent answers (Soul, Guardian, tools):
 * the client's last user message is the turn; its earlier messages, system ones included, go along as untrusted
 * context and never replace the Soul. Each call is a conversation of its own.
 */
@Path("v1")
@RequestScoped
@RolesAllowed({Role.USER_NAME, Role.ADMIN_NAME})
public class OpenAiCompatibleResource {

    static final String MODEL = "lollmsbot";
    private static final String DONE = "[DONE]";

    @Inject
    ChatService chat;

    @Inject
    Callers callers;

    @Inject
    MessageLimit limit;

    @Context
    SecurityContext security;

    @GET
    @Path("models")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonObject models() {
        return Json.createObjectBuilder().add("object", "list").add("data", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("id", MODEL).add("object", "model").add("created", 0)
                        .add("owned_by", "lollmsbot"))).build();
    }

    @POST
    @Path("chat/completions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response completions(@NotNull JsonObject body) {
        TurnRequest turn = turn(body);
        String model = body.getString("model", MODEL);
        if (body.getBoolean("stream", false)) {
            return Response.ok(streamed(turn, model), MediaType.SERVER_SENT_EVENTS).build();
        }
        TurnResult result = chat.chat(turn);
        return Response.ok(completion(result, model), MediaType.APPLICATION_JSON).build();
    }

    private TurnRequest turn(JsonObject body) {
        List<JsonObject> messages = body.containsKey("messages") && body.get("messages").getValueType() == JsonValue.ValueType.ARRAY
                ? body.getJsonArray("messages").stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).toList()
                : List.of();
        if (messages.isEmpty()) {
            throw invalid("messages", "must be a non-empty array of messages");
        }
        JsonObject last = messages.get(messages.size() - 1);
        String message = text(last);
        if (!"user".equals(last.getString("role", "")) || message.isBlank()) {
            throw invalid("messages", "the last message must be a non-empty user message");
        }
        limit.check("messages", message);
        List<String> context = new ArrayList<>();
        for (JsonObject earlier : messages.subList(0, messages.size() - 1)) {
            String content = text(earlier);
            if (!content.isBlank()) {
                context.add(earlier.getString("role", "unknown") + ": " + content);
            }
        }
        return new TurnRequest(callers.of(security), null, message, context);
    }

    /** Content as a string, or the text parts of an array of content parts. */
    private static String text(JsonObject message) {
        JsonValue content = message.get("content");
        if (content == null) {
            return "";
        }
        return switch (content.getValueType()) {
            case STRING -> message.getString("content");
            case ARRAY -> String.join("\n", message.getJsonArray("content").stream()
                    .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                    .filter(part -> "text".equals(part.getString("type", "")))
                    .map(part -> part.getString("text", "")).toList());
            default -> "";
        };
    }

    private static JsonObject completion(TurnResult result, String model) {
        return base(result, model, "chat.completion")
                .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
                        .add("message", Json.createObjectBuilder().add("role", "assistant").add("content", result.reply()))
                        .add("finish_reason", "stop")))
                .add("usage", usage(result)).build();
    }

    /**
     * Streams {@code data:} chunks in the OpenAI shape. The turn is queued before the response starts, so refusals
     * (Guardian, overload) are still plain problem responses; the turn completes and is stored even if the client
     * leaves.
     */
    private StreamingOutput streamed(TurnRequest turn, String model) {
        BlockingQueue<JsonObject> chunks = new LinkedBlockingQueue<>();
        String id = "chatcmpl-" + java.util.UUID.randomUUID();
        long created = Instant.now().getEpochSecond();
        chat.stream(turn, new TurnListener() {
            @Override
            public void delta(String text) {
                chunks.add(chunk(id, created, model, Json.createObjectBuilder().add("content", text), JsonValue.NULL));
            }
        }).whenComplete((result, failure) -> chunks.add(failure == null
                ? chunk(id, created, model, Json.createObjectBuilder(), Json.createValue("stop"))
                : Json.createObjectBuilder().add("error", Json.createObjectBuilder()
                .add("message", problemOf(failure).detail()).add("type", "server_error")).build()));
        return output -> {
            write(output, chunk(id, created, model, Json.createObjectBuilder().add("role", "assistant"), JsonValue.NULL).toString());
            while (true) {
                JsonObject next = take(chunks);
                write(output, next.toString());
                if (next.containsKey("error") || !next.getJsonArray("choices").getJsonObject(0).isNull("finish_reason")) {
                    break;
                }
            }
            write(output, DONE);
        };
    }

    private static JsonObject chunk(String id, long created, String model, JsonObjectBuilder delta, JsonValue finishReason) {
        return Json.createObjectBuilder().add("id", id).add("object", "chat.completion.chunk").add("created", created)
                .add("model", model).add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("index", 0).add("delta", delta).add("finish_reason", finishReason))).build();
    }

    private static JsonObjectBuilder base(TurnResult result, String model, String object) {
        return Json.createObjectBuilder().add("id", "chatcmpl-" + result.messageId()).add("object", object)
                .add("created", Instant.now().getEpochSecond()).add("model", model);
    }

    private static JsonObjectBuilder usage(TurnResult result) {
        return Json.createObjectBuilder().add("prompt_tokens", result.usage().promptTokens())
                .add("completion_tokens", result.usage().completionTokens())
                .add("total_tokens", result.usage().totalTokens());
    }

    private static Problem problemOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return cause instanceof ProblemException problem ? problem.problem()
                : Problem.of(500, "Internal Server Error", "The turn failed.");
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

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.validation(List.of(new Problem.FieldError(field, message))), Map.of());
    }
}
