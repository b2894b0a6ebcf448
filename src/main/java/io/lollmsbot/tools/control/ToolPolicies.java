package io.lollmsbot.tools.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.tools.entity.ToolPolicy;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The admins' per-role tool policy, read from the database at every use so a change holds on every node at once.
 * A tool without a policy row is denied to every role.
 */
@Stateless
public class ToolPolicies {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    AuditLog audit;

    public Map<String, ToolPolicy> all() {
        return em.createQuery("select p from ToolPolicy p", ToolPolicy.class).getResultList().stream()
                .collect(Collectors.toMap(ToolPolicy::tool, Function.identity()));
    }

    /** The policy of {@code tool} after the change, audited as {@code tool.policy}. */
    public ToolPolicy change(String actor, String tool, Set<String> roles, boolean requiresApproval) {
        ToolPolicy policy = em.find(ToolPolicy.class, tool);
        if (policy == null) {
            policy = new ToolPolicy(tool);
            policy.change(roles, requiresApproval, actor);
            em.persist(policy);
        } else {
            policy.change(roles, requiresApproval, actor);
        }
        audit.record(AuditEvent.of(actor, "tool.policy", tool)
                .withVerdict(
                        null,
                        null,
                        "roles=" + String.join("+", policy.allowedRoles()) + ";approval=" + requiresApproval));
        return policy;
    }
}
