package io.lollmsbot.channels.control;

import io.lollmsbot.guardian.control.GuardianEvent;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The events admins can subscribe webhooks to, and the audit event types they are read from (the audit row is
 * written in the transaction of the action it reports, so an event exists exactly when its action happened).
 * {@code heartbeat.failed} is read from the Heartbeat's failed runs instead.
 */
public enum WebhookEvent {
    GUARDIAN_BLOCKED("guardian.blocked", Set.of(GuardianEvent.BLOCKED.type())),
    USER_QUARANTINED("user.quarantined", Set.of(GuardianEvent.QUARANTINED.type())),
    SETTINGS_CHANGED("settings.changed", Set.of("setting.changed", "setting.reset")),
    HEARTBEAT_FAILED("heartbeat.failed", Set.of());

    private final String wireName;
    private final Set<String> auditTypes;

    WebhookEvent(String wireName, Set<String> auditTypes) {
        this.wireName = wireName;
        this.auditTypes = auditTypes;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WebhookEvent> of(String wireName) {
        return Arrays.stream(values())
                .filter(event -> event.wireName.equals(wireName))
                .findFirst();
    }

    static Optional<WebhookEvent> ofAuditType(String type) {
        return Arrays.stream(values())
                .filter(event -> event.auditTypes.contains(type))
                .findFirst();
    }

    /** Every audit type some event is read from. */
    static Set<String> auditTypes() {
        return Arrays.stream(values())
                .flatMap(event -> event.auditTypes.stream())
                .collect(Collectors.toUnmodifiableSet());
    }
}
