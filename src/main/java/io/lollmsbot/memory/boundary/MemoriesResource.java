package io.lollmsbot.memory.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.memory.control.Memory;
import io.lollmsbot.memory.entity.Passage;
import io.lollmsbot.memory.entity.Summary;
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
import java.util.List;
import java.util.UUID;

/**
 * What lollmsbot remembers of the caller: the passages it may recall in later conversations and the rolling
 * summaries of long conversations; either can be forgotten. Nobody sees or deletes another user's memories.
 */
@Path("api/v1/memories")
@RequestScoped
@RolesAllowed({Role.USER_NAME, Role.ADMIN_NAME})
@Produces(MediaType.APPLICATION_JSON)
public class MemoriesResource {

    private static final int EXCERPT_CHARS = 300;

    @Inject
    Memory memory;

    @Inject
    UserService users;

    @Context
    SecurityContext security;

    public record PassageView(
            UUID id, UUID conversationId, String role, String excerpt, Instant createdAt, boolean embedded) {
        static PassageView of(Passage p) {
            String excerpt = p.content().length() <= EXCERPT_CHARS
                    ? p.content()
                    : p.content().substring(0, EXCERPT_CHARS) + "…";
            return new PassageView(p.messageId(), p.conversationId(), p.role(), excerpt, p.createdAt(), p.embedded());
        }
    }

    public record SummaryView(UUID conversationId, String summary, int upToSeq, Instant updatedAt) {
        static SummaryView of(Summary s) {
            return new SummaryView(s.conversationId(), s.text(), s.upToSeq(), s.updatedAt());
        }
    }

    public record MemoriesView(List<PassageView> passages, List<SummaryView> summaries) {}

    /** Passages newest first (paged with {@code limit} and {@code offset}) and every conversation summary. */
    @GET
    public MemoriesView list(
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit,
            @QueryParam("offset") @DefaultValue("0") @Min(0) @Max(1_000_000) int offset) {
        long user = userId();
        return new MemoriesView(
                memory.passages(user, offset, limit).stream()
                        .map(PassageView::of)
                        .toList(),
                memory.summaries(user).stream().map(SummaryView::of).toList());
    }

    /** Forgets one passage; its message stays in the conversation but is never recalled again. */
    @DELETE
    @Path("{id}")
    public Response forget(@PathParam("id") UUID id) {
        if (!memory.forget(userId(), id)) {
            throw new ProblemException(404, "No such memory.");
        }
        return Response.noContent().build();
    }

    /** Forgets every passage, embedding and summary of the caller; the conversations themselves stay. */
    @DELETE
    public Response forgetAll() {
        memory.forgetAll(userId());
        return Response.noContent().build();
    }

    private long userId() {
        return users.find(security.getUserPrincipal().getName())
                .orElseThrow(() -> new ProblemException(401, "The authenticated user no longer exists."))
                .id();
    }
}
