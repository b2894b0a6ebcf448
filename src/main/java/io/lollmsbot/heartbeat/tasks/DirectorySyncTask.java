package io.lollmsbot.heartbeat.tasks;

import io.lollmsbot.heartbeat.control.HeartbeatTask;
import io.lollmsbot.heartbeat.control.TaskResult;
import io.lollmsbot.identity.control.DirectoryRefresh;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * Asks the directory about every enabled directory account, also those nobody uses: an account whose entry is gone
 * is disabled, roles follow the groups (see security.md, LDAP). Nothing to do while LDAP is off.
 */
@ApplicationScoped
public class DirectorySyncTask implements HeartbeatTask {

    @Inject
    DirectoryRefresh directoryRefresh;

    @Override
    public String name() {
        return "directory-sync";
    }

    @Override
    public String description() {
        return "Disables directory accounts whose LDAP entry is gone and brings their roles in line with their groups";
    }

    @Override
    public TaskResult run() {
        int changed = directoryRefresh.refreshAll();
        return TaskResult.ok(changed + " directory accounts changed", Map.of("changed", (long) changed));
    }
}
