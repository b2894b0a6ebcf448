package io.lollmsbot.guardian.boundary;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.guardian.control.Quarantines;
import io.lollmsbot.guardian.control.ScanResult;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** The Guardian for admins: try out the screening, and quarantine or release users. */
@Path("api/v1/admin/guardian")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class GuardianResource {

    @Inject
    Guardian guardian;

    @Inject
    Quarantines quarantines;

    @Inject
    Config config;

    @Context
    SecurityContext security;

    public record ScanRequest(
            @NotNull @Size(max = 1_000_000) String text) {}

    public record ScanView(String verdict, double score, List<String> rules, List<String> categories) {}

    public record QuarantineRequest(
            @NotBlank @Size(max = 500) String reason) {}

    @POST
    @Path("scan")
    @Consumes(MediaType.APPLICATION_JSON)
    public ScanView scan(@NotNull @Valid ScanRequest request) {
        // the chat's limit, read at every request like the chat does, so a scan sees what a chat would accept
        int max = config.getValue("lollmsbot.chat.max-message-chars", Integer.class);
        if (request.text().length() > max) {
            throw new ProblemException(
                    Problem.validation(
                            List.of(new Problem.FieldError("text", "must be at most " + max + " characters"))),
                    Map.of());
        }
        ScanResult scan = guardian.scan(admin(), request.text());
        return new ScanView(scan.verdict().wireName(), scan.score(), scan.rules(), scan.categories());
    }

    @GET
    @Path("quarantine")
    public List<Quarantines.Entry> quarantined() {
        return quarantines.list();
    }

    @PUT
    @Path("quarantine/{username}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Quarantines.Entry quarantine(
            @PathParam("username") String username, @NotNull @Valid QuarantineRequest request) {
        return quarantines.quarantine(username, request.reason().strip(), admin());
    }

    @DELETE
    @Path("quarantine/{username}")
    public void release(@PathParam("username") String username) {
        quarantines.release(username, admin());
    }

    private String admin() {
        return security.getUserPrincipal().getName();
    }
}
