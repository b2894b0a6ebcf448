package io.lollmsbot.tools.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Traced;
import io.lollmsbot.config.control.Cached;
import io.lollmsbot.config.control.ClusterCached;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.llm.control.ToolCall;
import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.tools.entity.ToolPolicy;
import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;

/**
 * The tools the model may use, and the one way to run them: chat, the OpenAI-compatible endpoint and skills all come
 * through {@link #execute}. Deny by default: a call runs only if its tool is switched on, the admins' policy grants
 * it to one of the caller's roles, the Guardian passes its arguments and they satisfy the tool's JSON schema. Every
 * call is timed, ends as ok, error or refused, and leaves an audit row (arguments only as a hash).
 */
@ApplicationScoped
public class ToolRegistry {

    static final String MAX_CALLS_PER_RESPONSE = "lollmsbot.tools.max-calls-per-response";
    static final String MAX_CALLS_PER_TURN = "lollmsbot.tools.max-calls-per-turn";
    private static final Logger LOG = Logger.getLogger(ToolRegistry.class.getName());

    @Inject
    @Any
    Instance<Tool> tools;

    @Inject
    @Any
    Instance<ToolProvider> providers;

    @Inject
    Guardian guardian;

    @Inject
    ToolPolicies policies;

    @Inject
    JsonSchemas schemas;

    @Inject
    AuditLog audit;

    @Inject
    @Cached
    Config config;

    private final ClusterCached<Map<String, ToolPolicy>> grants = new ClusterCached<>("tool_policies");

    /**
     * The tool beans and providers, resolved once: a turn asks for them every model round, and resolving an
     * {@link Instance} builds the resolution anew each time. They are application-scoped beans and a stateless EJB,
     * whose references may be kept.
     */
    private List<Tool> own;

    private List<ToolProvider> provided;

    @PostConstruct
    void resolve() {
        own = tools.stream().toList();
        provided = providers.stream().toList();
    }

    /** What one tool is and who may use it, for admins. */
    public record ToolSummary(
            String name,
            String description,
            boolean enabled,
            Set<String> allowedRoles,
            boolean requiresApproval,
            JsonObject parameters) {}

    /**
     * The definitions offered to this caller now: switched on and granted to one of the caller's roles. Asked once per
     * model round of every turn, so the policy comes from this node's copy, read again when any node changed it
     * ({@link ClusterCached}); {@link #execute} still reads the policy itself before a call runs.
     */
    public List<ToolDefinition> available(ToolCaller caller) {
        return usable(caller, grants.get(policies::all)).map(Tool::definition).toList();
    }

    /** One chat turn's use of tools, with the per-response and per-turn caps of the settings. */
    public ToolTurn turn(ToolCaller caller) {
        return new ToolTurn(
                this,
                caller,
                config.getValue(MAX_CALLS_PER_RESPONSE, Integer.class),
                config.getValue(MAX_CALLS_PER_TURN, Integer.class));
    }

    @Traced("tool.call")
    public ToolOutcome execute(ToolCaller caller, ToolCall call) {
        Span.current().setAttribute("lollmsbot.tool", call.name());
        long started = System.nanoTime();
        Map<String, ToolPolicy> granted = policies.all();
        Optional<Tool> tool = usable(caller, granted)
                .filter(t -> t.name().equals(call.name()))
                .findFirst();
        Optional<String> refusal =
                guardian.authorizeTool(caller.username(), call.name(), call.arguments(), tool.isPresent());
        if (refusal.isPresent()) {
            return outcome(call, ToolOutcome.Status.REFUSED, refusal.get(), started);
        }
        ToolPolicy policy = granted.get(call.name());
        if (policy != null && policy.requiresApproval()) {
            // the approval dialogue is not built: a call that needs one must not run without it
            return refuse(
                    caller,
                    call,
                    "Tool '" + call.name() + "' needs the user's approval, which cannot be asked for here.",
                    "approval-required",
                    started);
        }
        List<String> violations =
                schemas.violations(tool.get().definition().parameters().toString(), call.arguments());
        if (!violations.isEmpty()) {
            return record(
                    caller,
                    call,
                    outcome(
                            call,
                            ToolOutcome.Status.ERROR,
                            "Invalid arguments for tool '" + call.name() + "': " + String.join("; ", violations) + ".",
                            started));
        }
        try {
            String output = tool.get().execute(caller, parseArguments(call.arguments()));
            return record(caller, call, outcome(call, ToolOutcome.Status.OK, output, started));
        } catch (ToolRefused refused) {
            // the tool re-checked a switch or a boundary when it ran and said no: refused and audited like any refusal
            return refused.reason()
                    .map(reason -> refuse(caller, call, reason, "tool-boundary", started))
                    .orElseGet(() -> outcome(
                            call,
                            ToolOutcome.Status.REFUSED,
                            guardian.authorizeTool(caller.username(), call.name(), call.arguments(), false)
                                    .orElseThrow(),
                            started));
        } catch (ToolFailure failure) {
            return record(caller, call, outcome(call, ToolOutcome.Status.ERROR, failure.getMessage(), started));
        } catch (RuntimeException unexpected) {
            LOG.log(Level.WARNING, "tool " + call.name() + " failed", unexpected);
            return record(caller, call, outcome(call, ToolOutcome.Status.ERROR, "The tool failed.", started));
        }
    }

    /** Every tool with its policy, by name. */
    public List<ToolSummary> summaries() {
        Map<String, ToolPolicy> granted = policies.all();
        return own.stream()
                .sorted(Comparator.comparing(Tool::name))
                .map(tool -> summary(tool, granted.get(tool.name())))
                .toList();
    }

    /** Changes who may use {@code name}; empty when there is no such tool. */
    public Optional<ToolSummary> changePolicy(String actor, String name, Set<String> roles, boolean requiresApproval) {
        return own.stream().filter(tool -> tool.name().equals(name)).findFirst().map(tool -> {
            ToolSummary changed = summary(tool, policies.change(actor, name, roles, requiresApproval));
            grants.changed();
            return changed;
        });
    }

    /** Refuses a call without running it, audited as {@code tool.refused} with {@code rule}. */
    ToolOutcome refuse(ToolCaller caller, ToolCall call, String reason, String rule, long started) {
        audit.record(AuditEvent.of(caller.username(), "tool.refused", target(call))
                .withVerdict(null, null, rule)
                .withContent(
                        AuditChain.sha256(call.arguments()), call.arguments().length()));
        return outcome(call, ToolOutcome.Status.REFUSED, reason, started);
    }

    private ToolOutcome record(ToolCaller caller, ToolCall call, ToolOutcome outcome) {
        audit.record(AuditEvent.of(caller.username(), "tool.call", target(call))
                .withVerdict(outcome.status().wireName(), null, null)
                .withContent(
                        AuditChain.sha256(call.arguments()), call.arguments().length()));
        return outcome;
    }

    /**
     * The beans' tools that the admins' policy grants to one of the caller's roles, then the providers' tools (skills),
     * which decide themselves whom they serve; listed first, a bean's tool is never shadowed by a provided one.
     */
    private Stream<Tool> usable(ToolCaller caller, Map<String, ToolPolicy> granted) {
        Stream<Tool> ownGranted = own.stream().filter(tool -> grants(granted.get(tool.name()), caller));
        Stream<Tool> fromProviders = provided.stream().flatMap(provider -> provider.tools(caller).stream());
        return Stream.concat(ownGranted, fromProviders).filter(Tool::enabled);
    }

    private static boolean grants(ToolPolicy policy, ToolCaller caller) {
        return policy != null && policy.allowsAny(caller.roles());
    }

    private static ToolSummary summary(Tool tool, ToolPolicy policy) {
        ToolDefinition definition = tool.definition();
        return new ToolSummary(
                tool.name(),
                definition.description(),
                tool.enabled(),
                policy == null ? Set.of() : policy.allowedRoles(),
                policy != null && policy.requiresApproval(),
                definition.parameters());
    }

    /** The tool name as the audit's target: it comes from the model, so it is kept within its column. */
    private static String target(ToolCall call) {
        return call.name().length() > 128 ? call.name().substring(0, 128) : call.name();
    }

    static JsonObject parseArguments(String arguments) {
        try (JsonReader reader = Json.createReader(new StringReader(arguments))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new ToolFailure("Arguments must be a JSON object.");
            }
            return value.asJsonObject();
        } catch (JsonParsingException e) {
            throw new ToolFailure("Arguments are not valid JSON.");
        }
    }

    private static ToolOutcome outcome(ToolCall call, ToolOutcome.Status status, String output, long started) {
        return new ToolOutcome(call.name(), status, output, (int) ((System.nanoTime() - started) / 1_000_000));
    }
}
