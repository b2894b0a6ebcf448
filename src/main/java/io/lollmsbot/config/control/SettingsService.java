package io.lollmsbot.config.control;

import io.lollmsbot.audit.control.AuditChain;
import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.config.SettingDefinition;
import io.lollmsbot.config.SettingsCatalog;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * The settings of {@link SettingsCatalog} as MicroProfile Config resolves them, and the admin's changes, which go to
 * the database ConfigSource. Secret values are never returned, only whether they are set.
 */
@Stateless
public class SettingsService {

    static final String MASK = "********";

    @Inject
    Config config;

    @Inject
    AuditLog audit;

    @Inject
    SettingsHistory history;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** One setting as admins see it; the input, bounds and choices tell the console how to edit it. */
    public record Entry(
            String key,
            String value,
            String source,
            boolean locked,
            String description,
            String lockReason,
            boolean secret,
            String input,
            Number min,
            Number max,
            List<String> choices) {

        Entry(SettingDefinition definition, String value, String source, String lockReason) {
            this(
                    definition.key(),
                    value,
                    source,
                    lockReason != null,
                    definition.description(),
                    lockReason,
                    definition.secret(),
                    definition.rule().input(),
                    definition.rule().min(),
                    definition.rule().max(),
                    definition.rule().choices());
        }
    }

    public List<Entry> list() {
        return SettingsCatalog.ALL.stream().map(this::entry).toList();
    }

    public Entry get(String key) {
        return entry(definition(key));
    }

    public Entry change(String actor, String key, String value) {
        SettingDefinition definition = unlocked(key);
        String newValue = value.strip();
        definition.problemWith(newValue).ifPresent(why -> {
            throw new ProblemException(Problem.validation(List.of(new Problem.FieldError("value", why))), Map.of());
        });
        String oldValue = config.getConfigValue(key).getValue();
        em.createNativeQuery("""
                        INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, now(), ?3)
                        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by""")
                .setParameter(1, key)
                .setParameter(2, newValue)
                .setParameter(3, actor)
                .executeUpdate();
        record(actor, "setting.changed", key, oldValue, newValue);
        history.record(key, shown(definition, oldValue), shown(definition, newValue), actor);
        return new Entry(definition, shown(definition, newValue), SettingSource.DATABASE.key(), null);
    }

    /** Drops the database value, so the key falls back to its default. */
    public void reset(String actor, String key) {
        SettingDefinition definition = unlocked(key);
        String oldValue = config.getConfigValue(key).getValue();
        int deleted = em.createNativeQuery("DELETE FROM settings WHERE key = ?1")
                .setParameter(1, key)
                .executeUpdate();
        if (deleted > 0) {
            record(actor, "setting.reset", key, oldValue, null);
            history.record(key, shown(definition, oldValue), null, actor);
        }
    }

    private SettingDefinition unlocked(String key) {
        SettingDefinition definition = definition(key);
        String lockReason = lockReason(key, SettingSource.of(config.getConfigValue(key)));
        if (lockReason != null) {
            throw new ProblemException(409, "'" + key + "' " + lockReason);
        }
        return definition;
    }

    private static SettingDefinition definition(String key) {
        return SettingsCatalog.find(key)
                .orElseThrow(() -> new ProblemException(404, "No setting named '" + key + "'."));
    }

    private Entry entry(SettingDefinition definition) {
        ConfigValue value = config.getConfigValue(definition.key());
        SettingSource source = SettingSource.of(value);
        return new Entry(
                definition, shown(definition, value.getValue()), source.key(), lockReason(definition.key(), source));
    }

    /** Why a setting cannot be changed at runtime, or null when it can. */
    private static String lockReason(String key, SettingSource source) {
        if (!DatabaseConfigSource.serves(key)) {
            return "is read at startup only: set it in the environment.";
        }
        return source.locked()
                ? "is pinned by an environment variable or system property and cannot be changed at runtime."
                : null;
    }

    private static String shown(SettingDefinition definition, String value) {
        return definition.secret() && value != null && !value.isEmpty() ? MASK : value;
    }

    /** Metadata only: the new value's hash as the content hash, the previous value's hash in rule_ids. */
    private void record(String actor, String type, String key, String oldValue, String newValue) {
        audit.record(new AuditEvent(
                actor,
                type,
                key,
                null,
                null,
                "previous-sha256:" + hashOf(oldValue),
                null,
                newValue == null ? null : AuditChain.sha256(newValue),
                null));
        // other readers on this node see the change at once, but only after it committed
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to prepare
            }

            @Override
            public void afterCompletion(int status) {
                DatabaseConfigSource.invalidateAll();
            }
        });
    }

    private static String hashOf(String value) {
        return value == null ? "unset" : AuditChain.sha256(value);
    }
}
