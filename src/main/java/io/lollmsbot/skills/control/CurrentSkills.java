package io.lollmsbot.skills.control;

import io.lollmsbot.config.control.ClusterCached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.function.Supplier;

/**
 * This node's copy of the current version of every skill, which chat offers the model in every round: read again only
 * when the {@code skills} change counter moved (any node's write) or a write on this node committed.
 */
@ApplicationScoped
public class CurrentSkills {

    private final ClusterCached<List<SkillStore.Versioned>> copy = new ClusterCached<>("skills");

    public List<SkillStore.Versioned> get(Supplier<List<SkillStore.Versioned>> load) {
        return copy.get(load);
    }

    public void changedBy(TransactionSynchronizationRegistry transactions) {
        copy.changedBy(transactions);
    }
}
