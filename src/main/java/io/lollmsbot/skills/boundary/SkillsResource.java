package io.lollmsbot.skills.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.guardian.control.Quarantines;
import io.lollmsbot.ratelimit.control.RateLimiter;
import io.lollmsbot.skills.control.SkillRunner;
import io.lollmsbot.skills.control.SkillStore;
import io.lollmsbot.tools.boundary.Callers;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Skills for users: the enabled ones their role may use, and running one. A run counts against the caller's chat rate
 * limit (it may call the model) and is refused to a quarantined user, as chat is.
 */
@Path("api/v1/skills")
@RequestScoped
@RolesAllowed(Role.USER_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class SkillsResource {

    @Inject
    SkillRunner runner;

    @Inject
    Callers callers;

    @Inject
    Quarantines quarantines;

    @Inject
    RateLimiter rateLimiter;

    @Context
    SecurityContext security;

    @GET
    public List<JsonObject> list() {
        List<JsonObject> skills = new ArrayList<>();
        for (SkillStore.Versioned v : runner.usable(callers.of(security))) {
            skills.add(Json.createObjectBuilder()
                    .add("name", v.skill().name())
                    .add("description", v.skill().description())
                    .add("kind", v.skill().kind().wireName())
                    .add("version", v.version())
                    .add("semanticVersion", v.semanticVersion())
                    .add("inputSchema", v.skill().inputSchema())
                    .build());
        }
        return skills;
    }

    @POST
    @Path("{name}/run")
    @Consumes(MediaType.APPLICATION_JSON)
    public JsonObject run(@PathParam("name") String name, String body) {
        ToolCaller caller = callers.of(security);
        quarantines.requireAllowed(caller.userId(), caller.admin());
        JsonValue inputs = JsonBodies.object(body).getOrDefault("inputs", JsonValue.EMPTY_JSON_OBJECT);
        if (inputs.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new ProblemException(400, "inputs must be a JSON object.");
        }
        rateLimiter.checkChat(caller.username());
        SkillRunner.Result result = runner.run(caller, name, inputs.asJsonObject(), SkillRunner.Via.API);
        JsonObjectBuilder json = Json.createObjectBuilder()
                .add("executionId", result.executionId().toString())
                .add("success", result.success())
                .add("toolsUsed", Json.createArrayBuilder(result.toolsUsed()));
        json.add("output", result.output() == null ? JsonValue.NULL : Json.createValue(result.output()));
        json.add("error", result.error() == null ? JsonValue.NULL : Json.createValue(result.error()));
        return json.build();
    }
}
