package io.lollmsbot.skills.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A skill's name and which of its versions is current; locked while a new version is written. */
@Entity
@Table(name = "skills")
public class SkillHead {

    @Id
    private String name;

    @Column(name = "current_version", nullable = false)
    private int currentVersion;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected SkillHead() {}

    public String name() {
        return name;
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** Makes the next version current and returns its number. */
    public int advance() {
        currentVersion++;
        updatedAt = Instant.now();
        return currentVersion;
    }
}
