package io.lollmsbot.audit.boundary;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEntry;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The audit log for admins: metadata only, newest first; chain verification, anchors and retention. */
@Path("api/v1/admin/audit")
@RequestScoped
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1_000;
    private static final Pattern TYPE = Pattern.compile("[a-z0-9._-]{1,64}");

    @Inject
    AuditLog audit;

    @Context
    SecurityContext security;

    public record AuditView(
            long id,
            Instant time,
            String actor,
            String type,
            String target,
            String verdict,
            Double score,
            List<String> ruleIds,
            String requestId,
            String contentHash,
            Integer contentLength) {

        static AuditView of(AuditEntry entry) {
            AuditEvent event = entry.event();
            List<String> rules = event.ruleIds() == null || event.ruleIds().isEmpty()
                    ? List.of()
                    : Arrays.asList(event.ruleIds().split(","));
            return new AuditView(
                    entry.id(),
                    entry.occurredAt(),
                    event.actor(),
                    event.type(),
                    event.target(),
                    event.verdict(),
                    event.score(),
                    rules,
                    event.requestId(),
                    event.contentHash(),
                    event.contentLength());
        }
    }

    /**
     * {@code firstBrokenId} is written as null when the chain is intact, as the contract shows it; {@code reason} says
     * what is wrong otherwise; {@code head} is the anchor recorded for a valid chain (keep it to compare later).
     */
    @JsonbNillable
    public record VerificationView(
            boolean valid, long checked, Long firstBrokenId, String reason, Long keyedSinceId, AnchorView head) {}

    public record AnchorView(long seq, String rowHash, Instant anchoredAt) {

        static AnchorView of(AuditLog.Anchor anchor) {
            return anchor == null ? null : new AnchorView(anchor.seq(), anchor.rowHash(), anchor.anchoredAt());
        }
    }

    public record RetentionRequest(
            @NotNull @Min(0) @Max(36_500) Integer olderThanDays) {}

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    @GET
    public List<AuditView> search(
            @QueryParam("since") String since,
            @QueryParam("type") String type,
            @QueryParam("user") String user,
            @QueryParam("limit") String limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant from = null;
        if (since != null) {
            try {
                from = Instant.parse(since);
            } catch (DateTimeParseException e) {
                errors.add(new Problem.FieldError("since", "must be an ISO-8601 instant such as 2026-05-04T09:00:00Z"));
            }
        }
        if (type != null && !TYPE.matcher(type).matches()) {
            errors.add(new Problem.FieldError("type", "must be 1-64 of a-z 0-9 . _ -"));
        }
        if (user != null && (user.isEmpty() || user.length() > 256)) {
            errors.add(new Problem.FieldError("user", "must be 1-256 characters"));
        }
        int rows = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                rows = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                rows = -1;
            }
            if (rows < 1 || rows > MAX_LIMIT) {
                errors.add(new Problem.FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors), Map.of());
        }
        return audit.search(new AuditLog.Query(from, type, user, rows)).stream()
                .map(AuditView::of)
                .toList();
    }

    /**
     * Verifies the chain; {@code seq} and {@code rowHash} (both or neither) are an anchor kept from an earlier
     * verification or checkpoint, which the chain must still contain.
     */
    @GET
    @Path("verify")
    public VerificationView verify(@QueryParam("seq") String seq, @QueryParam("rowHash") String rowHash) {
        AuditLog.Verification verification = audit.verify(expectedAnchor(seq, rowHash));
        return new VerificationView(
                verification.valid(),
                verification.checked(),
                verification.firstBrokenId(),
                verification.reason(),
                verification.keyedSinceId(),
                AnchorView.of(verification.head()));
    }

    /** Records the chain's length and head hash now (in the database and the log) and returns them. */
    @POST
    @Path("checkpoint")
    public AnchorView checkpoint() {
        return AnchorView.of(audit.anchor());
    }

    /** Deletes rows older than the given number of days after recording a checkpoint; the chain stays verifiable. */
    @POST
    @Path("retention")
    @Consumes(MediaType.APPLICATION_JSON)
    public AuditLog.Retention retention(@NotNull @Valid RetentionRequest request) {
        return audit.applyRetention(
                request.olderThanDays(), security.getUserPrincipal().getName());
    }

    private static AuditLog.Anchor expectedAnchor(String seq, String rowHash) {
        if (seq == null && rowHash == null) {
            return null;
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        long number = -1;
        try {
            number = seq == null ? -1 : Long.parseLong(seq);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0) {
            errors.add(new Problem.FieldError("seq", "must be a whole number of at least 0, given with rowHash"));
        }
        if (rowHash == null || !HASH.matcher(rowHash).matches()) {
            errors.add(new Problem.FieldError("rowHash", "must be 64 lower-case hex digits, given with seq"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.validation(errors), Map.of());
        }
        return new AuditLog.Anchor(number, rowHash, null);
    }
}
