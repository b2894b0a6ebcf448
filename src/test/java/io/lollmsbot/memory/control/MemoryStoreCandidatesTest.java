package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Recall's full-text candidates on a real PostgreSQL: the matches are ranked by the query's words found in them
 * ({@link MemoryStore#candidates}), which must give every candidate the rank the whole query (with its synonyms, most
 * of them in no passage) gives it, and so the same best matches.
 */
class MemoryStoreCandidatesTest {

    /** Words of the question, then synonyms; one of them ("penning") occurs in a single passage only. */
    private static final String QUERY =
            "Why are unit tests worth writing? inch deuce conviction trial tryout examination authorship penning write";

    /** The whole query's rank, as recall computed it for every match before the matches were ranked by their words. */
    private static final String WHOLE_QUERY_RANK = """
            SELECT ts_rank_cd(search, CAST(replace(CAST(plainto_tsquery('simple',
                       array_to_string(tsvector_to_array(to_tsvector('english', ?)), ' ')) AS text), ' & ', ' | ')
                   AS tsquery), 32)
            FROM memory_passages WHERE message_id = ?""";

    private static EmbeddedPostgres postgres;
    private static MemoryStore store;
    private static long user;
    private static UUID current;
    /** Passage texts by message id, in the older conversation and in the current one. */
    private static final Map<UUID, String> OLDER = new HashMap<>();

    private static final Map<UUID, String> IN_CURRENT = new HashMap<>();

    @BeforeAll
    static void passages() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        DataSource dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        store = new MemoryStore(dataSource);
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement insert =
                            db.prepareStatement("INSERT INTO users (username) VALUES ('recall') RETURNING id");
                    ResultSet id = insert.executeQuery()) {
                id.next();
                user = id.getLong(1);
            }
            UUID older = conversation(db);
            current = conversation(db);
            List<String> olderTexts = List.of(
                    "The tests ran overnight.",
                    "Unit tests and more unit tests.",
                    "Tests, tests, tests: unit tests for every unit we write.",
                    "Writing unit tests is worth the time.",
                    "Penning a trial plan before the examination.",
                    "Nothing relevant here, only gardening.");
            int seq = 1;
            for (String text : olderTexts) {
                OLDER.put(message(db, older, seq++, text), text);
            }
            String inCurrent = "Are unit tests worth it here too?";
            IN_CURRENT.put(message(db, current, 1, inCurrent), inCurrent);
        }
        store.indexMessages(100);
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    @Test
    void everyMatchIsRankedAsByTheWholeQueryAndTheBestAreReturned() throws SQLException {
        List<UUID> vectorCandidates = new ArrayList<>(IN_CURRENT.keySet());
        UUID gardening = idOf("Nothing relevant here, only gardening.");
        vectorCandidates.add(gardening);

        List<MemoryStore.Candidate> candidates =
                store.candidates(user, current, QUERY, List.of(), vectorCandidates, 3, 256);

        Map<UUID, Float> expected = wholeQueryRanks();
        for (MemoryStore.Candidate candidate : candidates) {
            UUID id = candidate.passage().messageId();
            assertEquals(expected.get(id).floatValue(), (float) candidate.rank(), "rank of " + id);
            assertEquals(5, candidate.textMatches());
        }
        Set<UUID> bestThree = OLDER.keySet().stream()
                .sorted(Comparator.comparing(expected::get).reversed())
                .limit(3)
                .collect(Collectors.toSet());
        Set<UUID> returned =
                candidates.stream().map(c -> c.passage().messageId()).collect(Collectors.toSet());
        assertTrue(returned.containsAll(bestThree), "the three best full-text matches: " + returned);
        assertTrue(returned.containsAll(vectorCandidates), "the vector candidates: " + returned);
        assertEquals(5, returned.size());
        assertEquals(0.0f, (float) candidates.stream()
                .filter(c -> c.passage().messageId().equals(gardening))
                .findFirst()
                .orElseThrow()
                .rank());
    }

    @Test
    void candidatesBeyondTheScannedMatchesAreRankedByTheWholeQuery() throws SQLException {
        // one match scanned, the others come in as vector candidates: whichever is scanned, another has a query word
        // it lacks (only the "penning" passage has "trial", "examination" and "penning", and no "unit" or "test")
        List<UUID> vectorCandidates = new ArrayList<>(OLDER.keySet());
        vectorCandidates.addAll(IN_CURRENT.keySet());

        List<MemoryStore.Candidate> candidates =
                store.candidates(user, current, QUERY, List.of(), vectorCandidates, 1, 1);

        Map<UUID, Float> expected = wholeQueryRanks();
        assertEquals(vectorCandidates.size(), candidates.size());
        for (MemoryStore.Candidate candidate : candidates) {
            UUID id = candidate.passage().messageId();
            assertEquals(expected.get(id).floatValue(), (float) candidate.rank(), "rank of " + id);
        }
        assertTrue(expected.get(idOf("Penning a trial plan before the examination.")) > 0);
    }

    private static Map<UUID, Float> wholeQueryRanks() throws SQLException {
        Map<UUID, Float> ranks = new HashMap<>();
        try (Connection db = postgres.getPostgresDatabase().getConnection();
                PreparedStatement rank = db.prepareStatement(WHOLE_QUERY_RANK)) {
            for (UUID id : union()) {
                rank.setString(1, QUERY);
                rank.setObject(2, id);
                try (ResultSet row = rank.executeQuery()) {
                    row.next();
                    ranks.put(id, row.getFloat(1));
                }
            }
        }
        return ranks;
    }

    private static Set<UUID> union() {
        Set<UUID> all = new HashSet<>(OLDER.keySet());
        all.addAll(IN_CURRENT.keySet());
        return all;
    }

    private static UUID idOf(String text) {
        return OLDER.entrySet().stream()
                .filter(e -> e.getValue().equals(text))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private static UUID conversation(Connection db) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO conversations (id, user_id) VALUES (?, ?)")) {
            insert.setObject(1, id);
            insert.setLong(2, user);
            insert.executeUpdate();
        }
        return id;
    }

    private static UUID message(Connection db, UUID conversation, int seq, String text) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO messages (id, conversation_id, seq, role, content) VALUES (?, ?, ?, 'user', ?)")) {
            insert.setObject(1, id);
            insert.setObject(2, conversation);
            insert.setInt(3, seq);
            insert.setString(4, text);
            insert.executeUpdate();
        }
        return id;
    }
}
