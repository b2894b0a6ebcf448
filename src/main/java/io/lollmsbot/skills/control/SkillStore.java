package io.lollmsbot.skills.control;

import io.lollmsbot.audit.control.AuditLog;
import io.lollmsbot.audit.entity.AuditEvent;
import io.lollmsbot.common.Problem.FieldError;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.skills.entity.SkillExecution;
import io.lollmsbot.skills.entity.SkillHead;
import io.lollmsbot.skills.entity.SkillVersion;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Skills in PostgreSQL. Every change writes a new version and moves the head row, locked for the transaction, so two
 * admins (or two nodes) changing one skill get consecutive versions; every change is audited.
 */
@Stateless
public class SkillStore {

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    @Inject
    SkillJson json;

    @Inject
    AuditLog audit;

    @Inject
    CurrentSkills current;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** A stored version of a skill. */
    public record Versioned(Skill skill, int version, String semanticVersion, Instant createdAt, String createdBy) {}

    /** What an import did, by skill name. */
    public record Imported(List<String> created, List<String> updated, List<String> unchanged) {}

    public Optional<Versioned> current(String name) {
        SkillHead head = em.find(SkillHead.class, name);
        return head == null ? Optional.empty() : Optional.of(version(name, head.currentVersion()));
    }

    public Versioned require(String name) {
        return current(name).orElseThrow(() -> notFound(name));
    }

    /** The current version of every skill, by name. */
    public List<Versioned> all() {
        return em.createNamedQuery(SkillVersion.CURRENT, SkillVersion.class).getResultList().stream()
                .map(this::versioned)
                .toList();
    }

    /** One version of a skill; 404 when the skill or that version does not exist. */
    public Versioned require(String name, int version) {
        require(name);
        return find(name, version).orElseThrow(() -> noVersion(name, version));
    }

    public List<Versioned> versions(String name) {
        require(name);
        return em
                .createNamedQuery(SkillVersion.OF_SKILL, SkillVersion.class)
                .setParameter("name", name)
                .getResultList()
                .stream()
                .map(this::versioned)
                .toList();
    }

    public Versioned create(String actor, Skill skill) {
        // safe when two admins create the same name at once: one insert wins, the other is told
        int inserted = em.createNativeQuery(
                        "INSERT INTO skills (name, current_version) VALUES (?1, 0) ON CONFLICT DO NOTHING")
                .setParameter(1, skill.name())
                .executeUpdate();
        if (inserted == 0) {
            throw new ProblemException(409, "A skill named '" + skill.name() + "' exists already.");
        }
        return write(actor, lock(skill.name()), skill, SemanticVersions.FIRST, "skill.created");
    }

    public Versioned update(String actor, Skill skill) {
        SkillHead head = lock(skill.name());
        Versioned current = version(skill.name(), head.currentVersion());
        return write(
                actor,
                head,
                skill,
                SemanticVersions.next(current.semanticVersion(), current.skill(), skill),
                "skill.updated");
    }

    /** A new version equal to an earlier one. */
    public Versioned rollback(String actor, String name, int version) {
        SkillHead head = lock(name);
        Versioned current = version(name, head.currentVersion());
        Versioned target = find(name, version).orElseThrow(() -> noVersion(name, version));
        String semantic = SemanticVersions.next(current.semanticVersion(), current.skill(), target.skill());
        return write(actor, head, target.skill(), semantic, "skill.rolled-back");
    }

    public void delete(String actor, String name) {
        em.remove(lock(name));
        current.changedBy(transactions);
        audit.record(AuditEvent.of(actor, "skill.deleted", name));
    }

    /** Creates or updates every skill, or none: the caller validated them all first. */
    public Imported importAll(String actor, List<Skill> skills) {
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Skill skill : skills) {
            Optional<Versioned> existing = current(skill.name());
            if (existing.isEmpty()) {
                create(actor, skill);
                created.add(skill.name());
            } else if (existing.get().skill().equals(skill)) {
                unchanged.add(skill.name());
            } else {
                update(actor, skill);
                updated.add(skill.name());
            }
        }
        return new Imported(created, updated, unchanged);
    }

    public void record(SkillExecution execution) {
        em.persist(execution);
    }

    public List<SkillExecution> executions(String name, int limit) {
        return em.createNamedQuery(SkillExecution.OF_SKILL, SkillExecution.class)
                .setParameter("name", name)
                .setMaxResults(limit)
                .getResultList();
    }

    private Versioned write(String actor, SkillHead head, Skill skill, String semanticVersion, String event) {
        int version = head.advance();
        SkillVersion stored = new SkillVersion(
                skill.name(), version, semanticVersion, json.write(skill).toString(), actor);
        em.persist(stored);
        current.changedBy(transactions);
        audit.record(AuditEvent.of(actor, event, skill.name() + "@" + version));
        return versioned(stored);
    }

    private SkillHead lock(String name) {
        SkillHead head = em.find(SkillHead.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (head == null) {
            throw notFound(name);
        }
        return head;
    }

    private static ProblemException noVersion(String name, int version) {
        return new ProblemException(404, "Skill '" + name + "' has no version " + version + ".");
    }

    private Versioned version(String name, int version) {
        return find(name, version)
                .orElseThrow(() -> new IllegalStateException("skill " + name + " lost version " + version));
    }

    private Optional<Versioned> find(String name, int version) {
        return em.createNamedQuery(SkillVersion.ONE, SkillVersion.class)
                .setParameter("name", name)
                .setParameter("version", version)
                .getResultStream()
                .findFirst()
                .map(this::versioned);
    }

    private Versioned versioned(SkillVersion stored) {
        JsonObject definition;
        try (var reader = Json.createReader(new StringReader(stored.definition()))) {
            definition = reader.readObject();
        }
        List<FieldError> errors = new ArrayList<>();
        Skill skill = json.read(definition, "", errors);
        if (skill == null) {
            throw new IllegalStateException(
                    "stored skill " + stored.name() + "@" + stored.version() + " is invalid: " + errors);
        }
        return new Versioned(skill, stored.version(), stored.semanticVersion(), stored.createdAt(), stored.createdBy());
    }

    private static ProblemException notFound(String name) {
        return new ProblemException(404, "No skill named '" + name + "'.");
    }
}
