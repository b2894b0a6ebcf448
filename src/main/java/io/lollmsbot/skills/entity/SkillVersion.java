package io.lollmsbot.skills.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/** One version of a skill, immutable: its definition as JSON, the semantic version, who made it and when. */
@Entity
@Table(name = "skill_versions")
@NamedQuery(
        name = SkillVersion.OF_SKILL,
        query = "select v from SkillVersion v where v.name = :name order by v.version desc")
@NamedQuery(
        name = SkillVersion.CURRENT,
        query = "select v from SkillVersion v, SkillHead h "
                + "where v.name = h.name and v.version = h.currentVersion order by v.name")
@NamedQuery(
        name = SkillVersion.ONE,
        query = "select v from SkillVersion v where v.name = :name and v.version = :version")
public class SkillVersion {

    public static final String OF_SKILL = "SkillVersion.ofSkill";
    public static final String ONE = "SkillVersion.one";
    public static final String CURRENT = "SkillVersion.current";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false)
    private int version;

    @Column(name = "semantic_version", nullable = false, length = 32)
    private String semanticVersion;

    @Column(nullable = false)
    private String definition;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, length = 256)
    private String createdBy;

    protected SkillVersion() {}

    public SkillVersion(String name, int version, String semanticVersion, String definition, String createdBy) {
        this.name = name;
        this.version = version;
        this.semanticVersion = semanticVersion;
        this.definition = definition;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public String semanticVersion() {
        return semanticVersion;
    }

    public String definition() {
        return definition;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String createdBy() {
        return createdBy;
    }
}
