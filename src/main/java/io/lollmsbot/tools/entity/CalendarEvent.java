package io.lollmsbot.tools.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "calendar_events")
@NamedQuery(
        name = CalendarEvent.OF_USER,
        query = "select e from CalendarEvent e where e.userId = :user order by e.startsAt")
public class CalendarEvent {

    public static final String OF_USER = "CalendarEvent.ofUser";

    @Id
    private UUID id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected CalendarEvent() {}

    public CalendarEvent(long userId, String title, Instant startsAt, Instant endsAt) {
        this.id = UUID.randomUUID();
        this.userId = userId;
        this.title = title;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.createdAt = Instant.now();
    }

    public void reschedule(String newTitle, Instant newStart, Instant newEnd) {
        this.title = newTitle;
        this.startsAt = newStart;
        this.endsAt = newEnd;
    }

    public UUID id() {
        return id;
    }

    public long userId() {
        return userId;
    }

    public String title() {
        return title;
    }

    public Instant startsAt() {
        return startsAt;
    }

    public Instant endsAt() {
        return endsAt;
    }
}
