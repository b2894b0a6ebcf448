package io.lollmsbot.heartbeat.boundary;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.heartbeat.control.Heartbeat;
import io.lollmsbot.heartbeat.control.HeartbeatRuns;
import io.lollmsbot.heartbeat.entity.HeartbeatRun;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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
import java.util.Map;

/** The Heartbeat for admins: tasks with their schedule and latest run, recent runs, and running a task now. */
@Path("api/v1/admin/heartbeat")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class HeartbeatResource {

    private static final String TASK_NAME = "[a-z0-9-]{1,64}";

    @Inject
    Heartbeat heartbeat;

    @Inject
    HeartbeatRuns runs;

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    public record RunView(
            long id,
            String task,
            String trigger,
            String node,
            Instant startedAt,
            long durationMs,
            String outcome,
            String detail,
            Map<String, Long> counts) {

        static RunView of(HeartbeatRun run) {
            return new RunView(
                    run.id(),
                    run.task(),
                    run.trigger(),
                    run.node(),
                    run.startedAt(),
                    run.durationMs(),
                    run.outcome(),
                    run.detail(),
                    run.counts());
        }
    }

    /** {@code lastRun} is written as null before a task's first run. */
    @JsonbNillable
    public record TaskView(
            String name, String description, String schedule, long intervalSeconds, boolean enabled, RunView lastRun) {}

    public record TasksView(List<TaskView> tasks) {}

    @GET
    public TasksView tasks() {
        return new TasksView(heartbeat.status().stream()
                .map(status -> new TaskView(
                        status.task().name(),
                        status.task().description(),
                        status.intervalSeconds() > 0 ? "every " + status.intervalSeconds() + " s" : "off",
                        status.intervalSeconds(),
                        status.enabled(),
                        status.lastRun().map(RunView::of).orElse(null)))
                .toList());
    }

    /** The newest runs, of one task or of all. */
    @GET
    @Path("runs")
    public List<RunView> runs(
            @QueryParam("task") @Pattern(regexp = TASK_NAME) String task,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(1_000) int limit) {
        return runs.recent(task, limit).stream().map(RunView::of).toList();
    }

    /** Runs the task now on this node and answers 202 with the recorded run (404 for an unknown task). */
    @POST
    @Path("{task}/run")
    public Response run(@PathParam("task") String task) {
        if (!task.matches(TASK_NAME) || !heartbeat.has(task)) {
            throw new ProblemException(
                    404, "There is no heartbeat task named '" + task.substring(0, Math.min(task.length(), 64)) + "'.");
        }
        audit.record(AuditEvent.of(security.getUserPrincipal().getName(), "heartbeat.run", task));
        HeartbeatRun run = heartbeat.runNow(task).orElseThrow();
        return Response.accepted(RunView.of(run)).build();
    }
}
