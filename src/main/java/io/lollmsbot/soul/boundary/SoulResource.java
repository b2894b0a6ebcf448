package io.lollmsbot.soul.boundary;

import io.lollmsbot.common.LineDiff;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.soul.control.PersonaMarkdown;
import io.lollmsbot.soul.control.Soul;
import io.lollmsbot.soul.control.SystemPrompt;
import io.lollmsbot.soul.entity.SoulVersion;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.util.List;

/** The persona for admins: the current version, edits with an optimistic lock, history, diff, rollback and preview. */
@Path("api/v1/admin/soul")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SoulResource {

    @Inject
    Soul soul;

    @Context
    SecurityContext security;

    /** A persona edit; {@code version}, when sent, must be the current version (optimistic lock). */
    public record SoulEdit(
            @NotNull @Size(max = PersonaMarkdown.MAX_CHARS) String markdown,
            @Min(1) Integer version) {}

    public record RollbackRequest(@NotNull @Min(1) Integer version) {}

    public record PreviewRequest(
            @NotNull @Size(max = PersonaMarkdown.MAX_CHARS) String markdown) {}

    @JsonbNillable
    public record SoulView(String markdown, int version, Instant createdAt, String createdBy, Integer restoredFrom) {

        static SoulView of(SoulVersion version) {
            return new SoulView(
                    version.markdown(),
                    version.version(),
                    version.createdAt(),
                    version.createdBy(),
                    version.restoredFrom());
        }
    }

    @JsonbNillable
    public record VersionView(int version, Instant createdAt, String createdBy, Integer restoredFrom) {}

    public record PromptView(String systemPrompt) {}

    @GET
    public SoulView current() {
        return SoulView.of(soul.current());
    }

    @PUT
    public SoulView update(@NotNull @Valid SoulEdit edit) {
        Soul.validated(edit.markdown());
        return SoulView.of(soul.update(edit.markdown(), edit.version(), actor()));
    }

    @GET
    @Path("versions")
    public List<VersionView> versions() {
        return soul.versions().stream()
                .map(v -> new VersionView(v.version(), v.createdAt(), v.createdBy(), v.restoredFrom()))
                .toList();
    }

    @GET
    @Path("versions/{version}")
    public SoulView version(@PathParam("version") @Min(1) @Max(Integer.MAX_VALUE) int version) {
        return SoulView.of(existing(version));
    }

    /** What changed between two versions, line by line ({@code to} defaults to the current version). */
    @GET
    @Path("diff")
    public LineDiff.DiffView diff(
            @QueryParam("from") @NotNull @Min(1) Integer from, @QueryParam("to") @Min(1) Integer to) {
        SoulVersion before = existing(from);
        SoulVersion after = to == null ? soul.current() : existing(to);
        return LineDiff.DiffView.of(before.version(), before.markdown(), after.version(), after.markdown());
    }

    @POST
    @Path("rollback")
    public SoulView rollback(@NotNull @Valid RollbackRequest request) {
        return SoulView.of(soul.rollback(request.version(), actor()));
    }

    /** The system prompt of the current version, as the model receives it. */
    @GET
    @Path("prompt")
    public PromptView prompt() {
        return new PromptView(soul.systemPrompt());
    }

    /** The system prompt a persona would give, without saving it (400 with the reason when it is invalid). */
    @POST
    @Path("preview")
    public PromptView preview(@NotNull @Valid PreviewRequest request) {
        return new PromptView(SystemPrompt.of(Soul.validated(request.markdown())));
    }

    private SoulVersion existing(int version) {
        return soul.version(version)
                .orElseThrow(() -> new ProblemException(404, "There is no persona version " + version + "."));
    }

    private String actor() {
        return security.getUserPrincipal().getName();
    }
}
