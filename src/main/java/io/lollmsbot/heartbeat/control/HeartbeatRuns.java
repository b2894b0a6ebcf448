package io.lollmsbot.heartbeat.control;

import io.lollmsbot.heartbeat.entity.HeartbeatRun;
import jakarta.ejb.Stateless;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The run records in {@code heartbeat_runs}: written once per run, read by the API and by the schedule. */
@Stateless
public class HeartbeatRuns {

    static final int MAX_DETAIL = 2_000;

    @PersistenceContext(unitName = "lollmsbot")
    EntityManager em;

    public HeartbeatRun record(
            String task,
            String trigger,
            String node,
            Instant startedAt,
            long durationMs,
            String outcome,
            String detail,
            Map<String, Long> counts) {
        String shortDetail = detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
        JsonObjectBuilder json = Json.createObjectBuilder();
        new TreeMap<>(counts).forEach(json::add);
        Number id = (Number) em.createNativeQuery(
                        "INSERT INTO heartbeat_runs (task, trigger, node, started_at, duration_ms, outcome, "
                                + "detail, counts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id")
                .setParameter(1, task)
                .setParameter(2, trigger)
                .setParameter(3, node)
                .setParameter(4, Timestamp.from(startedAt))
                .setParameter(5, durationMs)
                .setParameter(6, outcome)
                .setParameter(7, shortDetail)
                .setParameter(8, json.build().toString())
                .getSingleResult();
        return new HeartbeatRun(
                id.longValue(), task, trigger, node, startedAt, durationMs, outcome, shortDetail, counts);
    }

    /** The newest runs, of one task or of all when {@code task} is null. */
    public List<HeartbeatRun> recent(String task, int limit) {
        String sql =
                "SELECT id, task, trigger, node, started_at, duration_ms, outcome, detail, counts FROM heartbeat_runs "
                        + (task == null ? "" : "WHERE task = ?1 ") + "ORDER BY started_at DESC, id DESC";
        var query = em.createNativeQuery(sql).setMaxResults(limit);
        if (task != null) {
            query.setParameter(1, task);
        }
        return query.getResultList().stream().map(row -> toRun((Object[]) row)).toList();
    }

    public Optional<HeartbeatRun> latest(String task) {
        return recent(task, 1).stream().findFirst();
    }

    public int deleteOlderThan(Instant cutoff) {
        return em.createNativeQuery("DELETE FROM heartbeat_runs WHERE started_at < ?1")
                .setParameter(1, Timestamp.from(cutoff))
                .executeUpdate();
    }

    private static HeartbeatRun toRun(Object[] row) {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (var reader = Json.createReader(new StringReader((String) row[8]))) {
            JsonObject json = reader.readObject();
            json.forEach((key, value) -> counts.put(key, ((JsonNumber) value).longValue()));
        }
        return new HeartbeatRun(
                ((Number) row[0]).longValue(),
                (String) row[1],
                (String) row[2],
                (String) row[3],
                ((Timestamp) row[4]).toInstant(),
                ((Number) row[5]).longValue(),
                (String) row[6],
                (String) row[7],
                counts);
    }
}
