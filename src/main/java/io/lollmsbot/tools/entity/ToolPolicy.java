package io.lollmsbot.tools.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Which roles may use one tool and whether its calls need the user's approval. No row: nobody may use the tool. */
@Entity
@Table(name = "tool_policies")
public class ToolPolicy {

    @Id
    private String tool;

    /** Comma-separated role names. */
    @Column(name = "allowed_roles", nullable = false)
    private String allowedRoles;

    @Column(name = "requires_approval", nullable = false)
    private boolean requiresApproval;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    protected ToolPolicy() {}

    public ToolPolicy(String tool) {
        this.tool = tool;
        this.allowedRoles = "";
    }

    public String tool() {
        return tool;
    }

    public Set<String> allowedRoles() {
        return Arrays.stream(allowedRoles.split(","))
                .filter(role -> !role.isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    public boolean requiresApproval() {
        return requiresApproval;
    }

    public boolean allowsAny(Set<String> roles) {
        return allowedRoles().stream().anyMatch(roles::contains);
    }

    public void change(Set<String> roles, boolean approval, String actor) {
        this.allowedRoles = String.join(",", new TreeSet<>(roles));
        this.requiresApproval = approval;
        this.updatedAt = Instant.now();
        this.updatedBy = actor;
    }
}
