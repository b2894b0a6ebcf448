package io.lollmsbot.chat.boundary;

import io.lollmsbot.chat.control.ChatService;
import io.lollmsbot.chat.control.TurnFailures;
import io.lollmsbot.chat.control.TurnListener;
import io.lollmsbot.chat.control.TurnRequest;
import io.lollmsbot.chat.control.TurnResult;
import io.lollmsbot.common.Role;
import io.lollmsbot.tools.boundary.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code POST /api/v1/chat} and its streaming twin. Application-scoped, unlike the other resources: the busiest path
 * of the server, and a request-scoped instance (created, injected and validated for every turn) was 2.6 % of its CPU
 * (docs/performance.md). The caller's {@link SecurityContext} is therefore a parameter of each call, not a field.
 */
@Path("api/v1/chat")
@ApplicationScoped
@RolesAllowed({Role.USER_NAME, Role.ADMIN_NAME})
public class ChatResource {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @Inject
    ChatService chat;

    @Inject
    Callers callers;

    @Inject
    MessageLimit limit;

    public record ChatRequestBody(
            @NotBlank @Size(max = 1_000_000) String message,

            @Pattern(
                    regexp = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
                    message = "must be a conversation id (UUID)")
            String conversationId) {}

    public record ChatResponseBody(
            UUID conversationId,
            UUID messageId,
            String reply,
            List<TurnResult.ToolCallSummary> toolCalls,
            TurnResult.GuardianSummary guardian,
            Map<String, Integer> usage) {

        static ChatResponseBody of(TurnResult result) {
            return new ChatResponseBody(
                    result.conversationId(),
                    result.messageId(),
                    result.reply(),
                    result.toolCalls(),
                    result.guardian(),
                    ChatResource.usage(result));
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public ChatResponseBody chat(@NotNull @Valid ChatRequestBody body, @Context SecurityContext security) {
        return ChatResponseBody.of(chat.chat(turn(body, security)));
    }

    @POST
    @Path("stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(
            @NotNull @Valid ChatRequestBody body,
            @Context SecurityContext security,
            @Context SseEventSink sink,
            @Context Sse sse) {
        TurnListener events = new TurnListener() {
            @Override
            public void started(UUID conversationId, UUID messageId) {
                send(sink, sse, "meta", Map.of("conversationId", conversationId, "messageId", messageId));
            }

            @Override
            public void delta(String text) {
                send(sink, sse, "delta", Map.of("text", text));
            }

            @Override
            public void toolCalled(String name, String status) {
                send(sink, sse, "tool", Map.of("name", name, "status", status));
            }
        };
        chat.stream(turn(body, security), events).whenComplete((result, failure) -> {
            if (failure == null) {
                send(sink, sse, "done", Map.of("usage", usage(result)));
            } else {
                send(sink, sse, "error", TurnFailures.asProblem(failure).problem());
            }
            sink.close();
        });
    }

    private TurnRequest turn(ChatRequestBody body, SecurityContext security) {
        limit.check("message", body.message());
        UUID conversation = body.conversationId() == null ? null : UUID.fromString(body.conversationId());
        return new TurnRequest(callers.of(security), conversation, body.message(), List.of());
    }

    static Map<String, Integer> usage(TurnResult result) {
        return Map.of(
                "promptTokens",
                result.usage().promptTokens(),
                "completionTokens",
                result.usage().completionTokens());
    }

    /** A client that went away just stops receiving; the turn still completes and is stored. */
    private static void send(SseEventSink sink, Sse sse, String name, Object data) {
        if (sink.isClosed()) {
            return;
        }
        OutboundSseEvent event = sse.newEventBuilder()
                .name(name)
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(String.class, JSONB.toJson(data))
                .build();
        sink.send(event).exceptionally(gone -> null);
    }
}
