package io.lollmsbot.memory.control;

import io.lollmsbot.memory.entity.Passage;
import io.lollmsbot.memory.entity.Summary;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The SQL of the Memory pillar, over plain JDBC with auto-commit (it runs outside container transactions, on lane
 * workers and heartbeat threads). Every read and every delete is scoped to one user.
 */
final class MemoryStore {

    /** A stored message in conversation order, with its token count when one was stored (V28). */
    record Turn(int seq, String role, String content, Integer tokens) {}

    /** A conversation's summary, if it has one, and its turns after the summary, newest first. */
    record History(Optional<Summary> summary, List<Turn> newestFirst) {

        /** No conversation yet: no summary, no turns. */
        static final History NONE = new History(Optional.empty(), List.of());
    }

    /** A passage whose embedding is still missing. */
    record Pending(UUID messageId, String content) {}

    /** An embedding as stored, with its sequence number. */
    record StoredVector(long seq, UUID messageId, byte[] vector) {}

    /** A conversation whose history after its summary may have outgrown its share of the budget. */
    record Unsummarised(UUID conversationId, long userId) {}

    /**
     * A recall candidate with its normalised full-text rank (0..1), and how many of the user's passages the query's
     * words matched (at most the number scanned): the more, the less those words single anything out.
     */
    record Candidate(Passage passage, double rank, int textMatches) {}

    /** A recalled passage is cut to a few hundred characters anyway; this bounds what a candidate transfers. */
    private static final int CANDIDATE_CHARS = 2_000;

    /** A passage of each message {@code m}: its words, and its owner as one extra lexeme without a position (V15). */
    private static final String INDEX_INTO = """
            INSERT INTO memory_passages (message_id, user_id, conversation_id, search, created_at)
            SELECT m.id, c.user_id, m.conversation_id,
                   to_tsvector('english', m.content) || CAST('U' || c.user_id AS tsvector), m.created_at
            """;

    private static final String INDEX_MESSAGES = INDEX_INTO + """
            FROM messages m JOIN conversations c ON c.id = m.conversation_id
            WHERE m.recallable AND m.role IN ('user', 'assistant')
              AND NOT EXISTS (SELECT 1 FROM memory_passages p WHERE p.message_id = m.id)
            LIMIT ? ON CONFLICT (message_id) DO NOTHING""";

    /**
     * Makes the messages just stored searchable: the rows {@code (id, conversation_id, content, created_at)} of a
     * common table expression named {@code stored}. {@link ConversationStore} ends the statement that stores a turn
     * with it, so indexing costs neither a round trip nor a commit of its own. A compile-time constant: the caller
     * needs no other class of the pillar.
     */
    static final String INDEX_STORED = INDEX_INTO + "FROM stored m JOIN conversations c ON c.id = m.conversation_id";

    private final DataSource dataSource;
    /** The connection of the calling thread's {@link #onOneConnection} block, if any. */
    private final ThreadLocal<Connection> bound = new ThreadLocal<>();

    MemoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} on one connection in one transaction: a turn's maintenance reads the passages to embed and
     * stores their vectors with one commit.
     */
    <T> T inOneTransaction(Supplier<T> work) {
        return onOneConnection(work, true);
    }

    /**
     * Runs {@code work}'s reads on one connection, each statement in auto-commit: a turn's context assembly reads the
     * summary with the recent turns, the recall candidates and the vector index's news. Read committed, a transaction
     * around them would give no common snapshot, only one more round trip (its commit). Inside a block of either kind,
     * a nested block runs on the outer block's connection as it is (no code nests them today).
     */
    <T> T onOneConnection(Supplier<T> work) {
        return onOneConnection(work, false);
    }

    private <T> T onOneConnection(Supplier<T> work, boolean transaction) {
        if (bound.get() != null) {
            return work.get();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(!transaction);
            bound.set(connection);
            try {
                T result = work.get();
                if (transaction) {
                    connection.commit();
                }
                return result;
            } catch (RuntimeException e) {
                if (transaction) {
                    connection.rollback();
                }
                throw e;
            } finally {
                bound.remove();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("memory query failed: " + e.getSQLState(), e);
        }
    }

    /** The bound connection, or a new one the caller closes. */
    private Connection connection() throws SQLException {
        Connection connection = bound.get();
        return connection != null ? connection : dataSource.getConnection();
    }

    private void release(Connection connection) throws SQLException {
        if (connection != bound.get()) {
            connection.close();
        }
    }

    /** The heartbeat's backfill: makes up to {@code max} messages not yet searchable searchable; returns how many. */
    int indexMessages(int max) {
        return update(INDEX_MESSAGES, statement -> statement.setInt(1, max));
    }

    /**
     * Passages without an embedding: of one conversation, among its newest {@code max} passages (what a turn's
     * maintenance can have left; a short index scan and as many probes of the embeddings' primary key, at any length
     * of the conversation), or of all conversations (the heartbeat's backfill), at most {@code max}.
     */
    List<Pending> unembedded(UUID conversationId, int max) {
        String passages = conversationId == null
                ? "memory_passages"
                : "(SELECT message_id, created_at FROM memory_passages WHERE conversation_id = ? "
                        + "ORDER BY created_at DESC LIMIT ?)";
        String sql = "SELECT p.message_id, m.content FROM " + passages + " p JOIN messages m ON m.id = p.message_id "
                + "WHERE NOT EXISTS (SELECT 1 FROM memory_embeddings e WHERE e.message_id = p.message_id) "
                + (conversationId == null ? "LIMIT ?" : "ORDER BY p.created_at");
        return query(
                sql,
                statement -> {
                    int i = 1;
                    if (conversationId != null) {
                        statement.setObject(i++, conversationId);
                    }
                    statement.setInt(i, max);
                },
                row -> new Pending(row.getObject(1, UUID.class), row.getString(2)));
    }

    /**
     * Stores embeddings in a transaction that does not wait for its WAL flush ({@code synchronous_commit} off for
     * this transaction only): an embedding is derived data, and one lost in a crash is computed again by the
     * heartbeat's backfill, so a turn's maintenance adds no durable commit of its own. Inside {@link #inOneTransaction}
     * it joins that transaction (the turn's maintenance reads the passages to embed and stores their vectors in one).
     * A passage deleted in the meantime is skipped; one embedded in the meantime (by another node) keeps its vector.
     */
    void storeVectors(Map<UUID, byte[]> vectors) {
        if (vectors.isEmpty()) {
            return;
        }
        inOneTransaction(() -> {
            Connection connection = bound.get();
            try (Statement relaxed = connection.createStatement();
                    PreparedStatement statement =
                            connection.prepareStatement("INSERT INTO memory_embeddings (message_id, user_id, vector) "
                                    + "SELECT message_id, user_id, ? FROM memory_passages WHERE message_id = ? "
                                    + "ON CONFLICT (message_id) DO NOTHING")) {
                relaxed.execute("SET LOCAL synchronous_commit TO OFF");
                for (Map.Entry<UUID, byte[]> vector : vectors.entrySet()) {
                    statement.setBytes(1, vector.getValue());
                    statement.setObject(2, vector.getKey());
                    statement.addBatch();
                }
                return statement.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException("memory update failed: " + e.getSQLState(), e);
            }
        });
    }

    /** The user's embeddings with a sequence number above {@code afterSeq} that is not one of {@code known}. */
    List<StoredVector> vectorsSince(long userId, long afterSeq, long[] known, int max) {
        return query(
                "SELECT embedded_seq, message_id, vector FROM memory_embeddings "
                        + "WHERE user_id = ? AND embedded_seq > ? AND embedded_seq <> ALL(?) "
                        + "ORDER BY embedded_seq LIMIT ?",
                statement -> {
                    statement.setLong(1, userId);
                    statement.setLong(2, afterSeq);
                    statement.setArray(
                            3,
                            statement
                                    .getConnection()
                                    .createArrayOf(
                                            "bigint",
                                            Arrays.stream(known).boxed().toArray()));
                    statement.setInt(4, max);
                },
                row -> new StoredVector(row.getLong(1), row.getObject(2, UUID.class), row.getBytes(3)));
    }

    /**
     * One recall's candidates in one round trip, resolved with their text: the {@code textMax} best full-text matches
     * among the user's passages outside one conversation, plus the given passages (the vector search's candidates,
     * in any of the user's conversations), each with its full-text rank (0..1; 0 when its words do not match).
     * A passage that no longer exists, or is another user's, is simply absent.
     *
     * <p>The full-text part: any of the query's words matches (OR); the {@code commonWords} are left out unless the
     * query has no other word. The index finds only this user's matches (every
     * passage's tsvector carries its owner as the lexeme {@code U<id>}, see V15), and at most {@code textScan} of them
     * are ranked by cover density, so a question made of common words costs the same at any history size.
     *
     * <p>The matches are ranked by those of the query's words that occur in them ({@code found}), which gives each
     * match the rank the whole query gives it (the query is a disjunction, and a word a passage lacks adds nothing to
     * its cover density) at a fraction of the cost: {@code ts_rank_cd} takes time in proportion to the query's length,
     * and most of a query's synonyms occur in none of the matches (ranking with all of them was most of PostgreSQL's
     * CPU per chat turn, docs/performance.md). A vector search candidate outside the matches is ranked by the whole
     * query.
     */
    List<Candidate> candidates(
            long userId,
            UUID excludedConversation,
            String query,
            Collection<String> commonWords,
            Collection<UUID> vectorCandidates,
            int textMax,
            int textScan) {
        return query(
                """
                        WITH words AS (
                            SELECT v AS all_words, ts_delete(v, CAST(? AS text[])) AS rare
                            FROM to_tsvector('english', ?) AS v),
                        chosen AS (SELECT CASE WHEN length(rare) > 0 THEN rare ELSE all_words END AS v FROM words),
                        q AS (
                            SELECT CAST(replace(CAST(plainto_tsquery('simple', array_to_string(tsvector_to_array(v), ' '))
                                AS text), ' & ', ' | ') AS tsquery) AS q FROM chosen),
                        matches AS (
                            SELECT p.message_id, p.search FROM memory_passages p, q
                            WHERE p.search @@ CAST('U' || ? AS tsquery) AND p.search @@ q.q
                              AND p.user_id = ? AND p.conversation_id <> ?
                            LIMIT ?),
                        found AS MATERIALIZED ( -- once, not again for every match it ranks
                            SELECT CAST(replace(CAST(array_to_tsvector(array_agg(lexeme)) AS text), ''' ''', ''' | ''')
                                AS tsquery) AS q
                            FROM (SELECT DISTINCT unnest(tsvector_to_array(search)) AS lexeme FROM matches) AS lexemes, q
                            WHERE array_to_tsvector(ARRAY[lexeme]) @@ q.q),
                        ranked AS (
                            SELECT matches.message_id, ts_rank_cd(matches.search, found.q, 32) AS rank
                            FROM matches, found),
                        text_hits AS (
                            SELECT message_id FROM ranked ORDER BY rank DESC LIMIT ?),
                        wanted AS (
                            SELECT message_id FROM text_hits UNION SELECT unnest(CAST(? AS uuid[])))
                        SELECT p.message_id, p.conversation_id, m.role, left(m.content, ?), p.created_at,
                               EXISTS (SELECT 1 FROM memory_embeddings e WHERE e.message_id = p.message_id),
                               m.tokens, COALESCE(r.rank, ts_rank_cd(p.search, q.q, 32)), (SELECT count(*) FROM matches)
                        FROM wanted w JOIN memory_passages p ON p.message_id = w.message_id
                             JOIN messages m ON m.id = p.message_id
                             LEFT JOIN ranked r ON r.message_id = p.message_id, q
                        WHERE p.user_id = ?""",
                statement -> {
                    statement.setArray(1, statement.getConnection().createArrayOf("text", commonWords.toArray()));
                    statement.setString(2, query);
                    statement.setLong(3, userId);
                    statement.setLong(4, userId);
                    statement.setObject(5, excludedConversation);
                    statement.setInt(6, textScan);
                    statement.setInt(7, textMax);
                    statement.setArray(8, uuidArray(statement.getConnection(), vectorCandidates));
                    statement.setInt(9, CANDIDATE_CHARS);
                    statement.setLong(10, userId);
                },
                row -> new Candidate(passage(row), row.getDouble(8), row.getInt(9)));
    }

    /**
     * The lexemes PostgreSQL's statistics find in at least {@code minShare} of all passages and in at least
     * {@code minPassages} of them (none before the table is first analysed; in a small table no word is common).
     */
    List<String> commonWords(double minShare, int minPassages) {
        return query(
                """
                        SELECT w.lexeme FROM pg_stats s
                        JOIN pg_class c ON c.oid = CAST(quote_ident(s.schemaname) || '.' || quote_ident(s.tablename) AS regclass),
                             unnest(CAST(CAST(s.most_common_elems AS text) AS text[]), s.most_common_elem_freqs)
                                 AS w (lexeme, share)
                        WHERE s.schemaname = current_schema() AND s.tablename = 'memory_passages'
                          AND s.attname = 'search' AND w.lexeme IS NOT NULL AND w.share >= ?
                          AND w.share * c.reltuples >= ?""",
                statement -> {
                    statement.setDouble(1, minShare);
                    statement.setInt(2, minPassages);
                },
                row -> row.getString(1));
    }

    /** The user's passages, newest first. */
    List<Passage> passages(long userId, int offset, int limit) {
        return query(
                """
                        SELECT p.message_id, p.conversation_id, m.role, m.content, p.created_at,
                               EXISTS (SELECT 1 FROM memory_embeddings e WHERE e.message_id = p.message_id), m.tokens
                        FROM memory_passages p JOIN messages m ON m.id = p.message_id
                        WHERE p.user_id = ? ORDER BY p.created_at DESC, p.message_id OFFSET ? LIMIT ?""",
                statement -> {
                    statement.setLong(1, userId);
                    statement.setInt(2, offset);
                    statement.setInt(3, limit);
                },
                MemoryStore::passage);
    }

    /** Forgets one passage of the user: it stays in its conversation but is never recalled. */
    boolean forget(long userId, UUID messageId) {
        int removed = update("DELETE FROM memory_passages WHERE user_id = ? AND message_id = ?", statement -> {
            statement.setLong(1, userId);
            statement.setObject(2, messageId);
        });
        update("""
                UPDATE messages m SET recallable = false FROM conversations c
                WHERE m.id = ? AND c.id = m.conversation_id AND c.user_id = ?""", statement -> {
            statement.setObject(1, messageId);
            statement.setLong(2, userId);
        });
        return removed > 0;
    }

    /** Forgets everything remembered of the user: passages, with them their embeddings (V27), and summaries. */
    void forgetAll(long userId) {
        update("""
                UPDATE messages m SET recallable = false FROM conversations c
                WHERE c.id = m.conversation_id AND c.user_id = ? AND m.recallable""", statement -> statement.setLong(1, userId));
        update("DELETE FROM memory_passages WHERE user_id = ?", statement -> statement.setLong(1, userId));
        update("DELETE FROM conversation_summaries WHERE user_id = ?", statement -> statement.setLong(1, userId));
    }

    /**
     * The conversation's summary (if any) and its turns after the summary, newest first, at most {@code max}: one
     * statement, as both a turn's context and the summary's update read them together.
     */
    History history(UUID conversationId, long userId, int max) {
        List<HistoryRow> rows = query(
                """
                        WITH s AS (SELECT summary, tokens, up_to_seq, updated_at FROM conversation_summaries
                                   WHERE conversation_id = ? AND user_id = ?)
                        SELECT NULL AS seq, NULL AS role, summary, tokens, up_to_seq, updated_at FROM s
                        UNION ALL
                        (SELECT m.seq, m.role, m.content, m.tokens, NULL, NULL FROM messages m
                         JOIN conversations c ON c.id = m.conversation_id
                         WHERE m.conversation_id = ? AND c.user_id = ?
                           AND m.seq > COALESCE((SELECT up_to_seq FROM s), 0)
                         ORDER BY m.seq DESC LIMIT ?)
                        ORDER BY seq DESC""",
                statement -> {
                    statement.setObject(1, conversationId);
                    statement.setLong(2, userId);
                    statement.setObject(3, conversationId);
                    statement.setLong(4, userId);
                    statement.setInt(5, max);
                },
                row -> row.getObject(1) == null
                        ? new HistoryRow(
                                new Summary(
                                        conversationId,
                                        row.getString(3),
                                        row.getInt(5),
                                        row.getTimestamp(6).toInstant(),
                                        row.getObject(4, Integer.class)),
                                null)
                        : new HistoryRow(
                                null,
                                new Turn(
                                        row.getInt(1),
                                        row.getString(2),
                                        row.getString(3),
                                        row.getObject(4, Integer.class))));
        return new History(
                rows.stream().map(HistoryRow::summary).filter(Objects::nonNull).findFirst(),
                rows.stream().map(HistoryRow::turn).filter(Objects::nonNull).toList());
    }

    /** A row of {@link #history}: the summary or a turn. */
    private record HistoryRow(Summary summary, Turn turn) {}

    List<Summary> summaries(long userId) {
        return query(
                "SELECT conversation_id, summary, up_to_seq, updated_at, tokens FROM conversation_summaries "
                        + "WHERE user_id = ? ORDER BY updated_at DESC",
                statement -> statement.setLong(1, userId),
                MemoryStore::summary);
    }

    /** Stores a summary unless one covering at least as many messages is there already (another node was faster). */
    void saveSummary(UUID conversationId, long userId, String summary, Integer tokens, int upToSeq) {
        update("""
                INSERT INTO conversation_summaries (conversation_id, user_id, summary, tokens, up_to_seq)
                SELECT c.id, c.user_id, ?, ?, ? FROM conversations c WHERE c.id = ? AND c.user_id = ?
                ON CONFLICT (conversation_id) DO UPDATE SET summary = EXCLUDED.summary, tokens = EXCLUDED.tokens,
                    up_to_seq = EXCLUDED.up_to_seq, updated_at = now()
                WHERE conversation_summaries.up_to_seq < EXCLUDED.up_to_seq""", statement -> {
            statement.setString(1, summary);
            statement.setObject(2, tokens, Types.INTEGER);
            statement.setInt(3, upToSeq);
            statement.setObject(4, conversationId);
            statement.setLong(5, userId);
        });
    }

    /**
     * Conversations with a turn since {@code activeSince} whose messages after the summary hold more than
     * {@code minTokens} tokens, most first: a message's stored count, or its length for one stored without (a token
     * is at least one character, so none over budget is missed).
     */
    List<Unsummarised> unsummarised(Instant activeSince, long minTokens, int max) {
        return query(
                """
                        SELECT c.id, c.user_id FROM conversations c
                        LEFT JOIN conversation_summaries s ON s.conversation_id = c.id
                        JOIN messages m ON m.conversation_id = c.id AND m.seq > COALESCE(s.up_to_seq, 0)
                        WHERE c.updated_at > ?
                        GROUP BY c.id, c.user_id HAVING sum(COALESCE(m.tokens, length(m.content))) > ?
                        ORDER BY sum(COALESCE(m.tokens, length(m.content))) DESC LIMIT ?""",
                statement -> {
                    statement.setTimestamp(1, Timestamp.from(activeSince));
                    statement.setLong(2, minTokens);
                    statement.setInt(3, max);
                },
                row -> new Unsummarised(row.getObject(1, UUID.class), row.getLong(2)));
    }

    private static Passage passage(ResultSet row) throws SQLException {
        return new Passage(
                row.getObject(1, UUID.class),
                row.getObject(2, UUID.class),
                row.getString(3),
                row.getString(4),
                row.getTimestamp(5).toInstant(),
                row.getBoolean(6),
                row.getObject(7, Integer.class));
    }

    private static Summary summary(ResultSet row) throws SQLException {
        return new Summary(
                row.getObject(1, UUID.class),
                row.getString(2),
                row.getInt(3),
                row.getTimestamp(4).toInstant(),
                row.getObject(5, Integer.class));
    }

    private static Array uuidArray(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        try {
            Connection connection = connection();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> result = new ArrayList<>();
                    while (rows.next()) {
                        result.add(mapper.map(rows));
                    }
                    return result;
                }
            } finally {
                release(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("memory query failed: " + e.getSQLState(), e);
        }
    }

    private int update(String sql, Binder binder) {
        try {
            Connection connection = connection();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            } finally {
                release(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("memory update failed: " + e.getSQLState(), e);
        }
    }
}
