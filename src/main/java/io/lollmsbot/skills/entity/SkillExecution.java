package io.lollmsbot.skills.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One run of a skill, as metadata: which version, by whom, how, inputs as a hash, duration, outcome, tools used. */
@Entity
@Table(name = "skill_executions")
@NamedQuery(
        name = SkillExecution.OF_SKILL,
        query = "select e from SkillExecution e where e.skillName = :name order by e.startedAt desc")
public class SkillExecution {

    public static final String OF_SKILL = "SkillExecution.ofSkill";

    @Id
    private UUID id;

    @Column(name = "skill_name", nullable = false, length = 64)
    private String skillName;

    @Column(nullable = false)
    private int version;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(nullable = false, length = 16)
    private String via;

    @Column(name = "inputs_hash", nullable = false, length = 64)
    private String inputsHash;

    @Column(name = "duration_ms", nullable = false)
    private int durationMs;

    @Column(nullable = false, length = 16)
    private String outcome;

    @Column(name = "tools_used", nullable = false, length = 1000)
    private String toolsUsed;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    protected SkillExecution() {}

    public SkillExecution(
            UUID id,
            String skillName,
            int version,
            long userId,
            String via,
            String inputsHash,
            int durationMs,
            String outcome,
            String toolsUsed,
            Instant startedAt) {
        this.id = id;
        this.skillName = skillName;
        this.version = version;
        this.userId = userId;
        this.via = via;
        this.inputsHash = inputsHash;
        this.durationMs = durationMs;
        this.outcome = outcome;
        this.toolsUsed = toolsUsed;
        this.startedAt = startedAt;
    }

    public UUID id() {
        return id;
    }

    public int version() {
        return version;
    }

    public String via() {
        return via;
    }

    public String inputsHash() {
        return inputsHash;
    }

    public int durationMs() {
        return durationMs;
    }

    public String outcome() {
        return outcome;
    }

    public String toolsUsed() {
        return toolsUsed;
    }

    public Instant startedAt() {
        return startedAt;
    }
}
