package io.lollmsbot.skills.boundary;

import io.lollmsbot.common.LineDiff;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.skills.control.Skill;
import io.lollmsbot.skills.control.SkillJson;
import io.lollmsbot.skills.control.SkillStore;
import io.lollmsbot.skills.entity.SkillExecution;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Skills for admins: create, change (each change a new version), history, rollback, delete, runs, import, export. */
@Path("api/v1/admin/skills")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminSkillsResource {

    /** The format name of an export, checked on import. */
    static final String EXPORT_FORMAT = "lollmsbot-skills/1";

    private static final int MAX_IMPORT = 200;

    @Inject
    SkillStore store;

    @Inject
    SkillJson json;

    @Context
    SecurityContext security;

    @Context
    UriInfo uri;

    public record RollbackRequest(@NotNull @Min(1) Integer version) {}

    @GET
    public List<JsonObject> list() {
        return views(store.all());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        SkillStore.Versioned created = store.create(admin(), valid(JsonBodies.object(body)));
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(created.skill().name())
                        .build())
                .entity(json.write(created))
                .build();
    }

    @GET
    @Path("{name}")
    public JsonObject get(@PathParam("name") String name) {
        return json.write(store.require(name));
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject update(@PathParam("name") String name, String body) {
        JsonObject definition = JsonBodies.object(body);
        if (!definition.containsKey("name")) {
            definition = Json.createObjectBuilder(definition).add("name", name).build();
        }
        Skill skill = valid(definition);
        if (!skill.name().equals(name)) {
            throw new ProblemException(
                    400, "The name in the body must be the name in the path (a skill cannot be renamed).");
        }
        return json.write(store.update(admin(), skill));
    }

    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name) {
        store.delete(admin(), name);
        return Response.noContent().build();
    }

    @GET
    @Path("{name}/versions")
    public List<JsonObject> versions(@PathParam("name") String name) {
        return views(store.versions(name));
    }

    @POST
    @Path("{name}/rollback")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject rollback(@PathParam("name") String name, @NotNull @Valid RollbackRequest request) {
        return json.write(store.rollback(admin(), name, request.version()));
    }

    /** What changed in the definition between two versions, line by line ({@code to} defaults to the current one). */
    @GET
    @Path("{name}/diff")
    public LineDiff.DiffView diff(
            @PathParam("name") String name,
            @QueryParam("from") @NotNull @Min(1) Integer from,
            @QueryParam("to") @Min(1) Integer to) {
        SkillStore.Versioned before = store.require(name, from);
        SkillStore.Versioned after = to == null ? store.require(name) : store.require(name, to);
        return LineDiff.DiffView.of(
                before.version(), json.indented(before.skill()), after.version(), json.indented(after.skill()));
    }

    /** The latest runs of a skill, newest first: metadata only. */
    @GET
    @Path("{name}/executions")
    public List<JsonObject> executions(
            @PathParam("name") String name, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        store.require(name);
        List<JsonObject> runs = new ArrayList<>();
        for (SkillExecution run : store.executions(name, limit)) {
            runs.add(Json.createObjectBuilder()
                    .add("id", run.id().toString())
                    .add("version", run.version())
                    .add("via", run.via())
                    .add("inputsHash", run.inputsHash())
                    .add("durationMs", run.durationMs())
                    .add("outcome", run.outcome())
                    .add("startedAt", run.startedAt().toString())
                    .add(
                            "toolsUsed",
                            Json.createArrayBuilder(
                                    run.toolsUsed().isEmpty()
                                            ? List.of()
                                            : List.of(run.toolsUsed().split(","))))
                    .build());
        }
        return runs;
    }

    /** Every skill's current version, in the document {@link #importSkills} reads. */
    @GET
    @Path("export")
    public JsonObject export() {
        JsonArrayBuilder skills = Json.createArrayBuilder();
        store.all().forEach(v -> skills.add(json.write(v.skill())));
        return Json.createObjectBuilder()
                .add("format", EXPORT_FORMAT)
                .add("skills", skills)
                .build();
    }

    /** Creates or updates the skills of an export; all are validated first, and nothing changes if one is invalid. */
    @POST
    @Path("import")
    @Consumes(MediaType.APPLICATION_JSON)
    public SkillStore.Imported importSkills(String body) {
        JsonObject document = JsonBodies.object(body);
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!EXPORT_FORMAT.equals(document.getString("format", null))) {
            errors.add(new Problem.FieldError("format", "must be \"" + EXPORT_FORMAT + "\""));
        }
        JsonValue entries = document.get("skills");
        if (entries == null
                || entries.getValueType() != JsonValue.ValueType.ARRAY
                || entries.asJsonArray().size() > MAX_IMPORT) {
            errors.add(new Problem.FieldError("skills", "must be an array of at most " + MAX_IMPORT + " skills"));
            throw invalid(errors);
        }
        List<Skill> skills = new ArrayList<>();
        Set<String> names = new HashSet<>();
        JsonArray array = entries.asJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String at = "skills[" + i + "]";
            if (array.get(i).getValueType() != JsonValue.ValueType.OBJECT) {
                errors.add(new Problem.FieldError(at, "must be an object"));
                continue;
            }
            Skill skill = json.read(array.getJsonObject(i), at + ".", errors);
            if (skill != null && !names.add(skill.name())) {
                errors.add(new Problem.FieldError(at + ".name", "appears twice in the import"));
            }
            skills.add(skill);
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return store.importAll(admin(), skills);
    }

    private Skill valid(JsonObject definition) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Skill skill = json.read(definition, "", errors);
        if (skill == null) {
            throw invalid(errors);
        }
        return skill;
    }

    private static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(Problem.validation(errors), Map.of());
    }

    private List<JsonObject> views(List<SkillStore.Versioned> versions) {
        return versions.stream().map(json::write).toList();
    }

    private String admin() {
        return security.getUserPrincipal().getName();
    }
}
