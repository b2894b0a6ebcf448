package io.lollmsbot.chat.boundary;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.memory.control.ConversationStore;
import io.lollmsbot.memory.entity.Conversation;
import io.lollmsbot.memory.entity.Message;
import io.lollmsbot.tools.boundary.Callers;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The caller's own conversations: list (newest first), read, delete. Anyone else's is "not found". */
@Path("api/v1/conversations")
@RequestScoped
@RolesAllowed({Role.USER_NAME, Role.ADMIN_NAME})
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

    @Inject
    ConversationStore conversations;

    @Inject
    Callers callers;

    @Context
    SecurityContext security;

    public record ConversationView(UUID id, String title, Instant createdAt, Instant updatedAt) {
        static ConversationView of(Conversation c) {
            return new ConversationView(c.id(), c.title(), c.createdAt(), c.updatedAt());
        }
    }

    public record MessageView(
            UUID id, String role, String content, Instant createdAt, Integer promptTokens, Integer completionTokens) {
        static MessageView of(Message m) {
            return new MessageView(
                    m.id(), m.role(), m.content(), m.createdAt(), m.promptTokens(), m.completionTokens());
        }
    }

    @GET
    public List<ConversationView> list(
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, @QueryParam("before") String before) {
        return conversations.list(callers.of(security).userId(), limit, instant(before)).stream()
                .map(ConversationView::of)
                .toList();
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ProblemException(
                    Problem.validation(List.of(new Problem.FieldError(
                            "before", "must be an ISO-8601 instant such as 2026-05-04T09:00:00Z"))),
                    Map.of());
        }
    }

    @GET
    @Path("{id}/messages")
    public List<MessageView> messages(
            @PathParam("id") UUID id,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) int offset,
            @QueryParam("limit") @DefaultValue("500") @Min(1) @Max(1000) int limit) {
        return conversations.messages(id, callers.of(security).userId(), offset, limit).stream()
                .map(MessageView::of)
                .toList();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") UUID id) {
        conversations.delete(id, callers.of(security).userId());
        return Response.noContent().build();
    }
}
