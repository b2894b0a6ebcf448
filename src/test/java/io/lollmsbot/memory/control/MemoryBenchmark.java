package io.lollmsbot.memory.control;

import io.lollmsbot.memory.entity.Passage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The Memory benchmark (not a test: run it by hand, see docs/memory.md). In an embedded PostgreSQL with the real
 * migrations it stores {@code messages} messages (default 100,000) of one user in conversations of 50, among them the
 * labelled facts of the recall sets ({@code SETS}) planted in the oldest conversations between distractors built from
 * templates (personal news about other people, everyday requests and answers). Every message is embedded with the
 * shipped model (texts repeat, so each distinct text is embedded once and its copies get a little noise). It then
 * measures the query embedding of a 200-character message, top-8 recall latency (full-text, vector, hybrid; the query
 * vector precomputed), and recall@8 of the planted fact for every question.
 */
public final class MemoryBenchmark {

    private static final int PER_CONVERSATION = 50;
    private static final int K = 8;
    private static final double MIN_SCORE = 0.30;

    /** The labelled sets, in the order of their figures: the first was tuned on, the others never looked at. */
    private static final List<String> SETS =
            List.of("memory-recall-set.tsv", "memory-recall-holdout.tsv", "memory-recall-holdout2.tsv");

    /** A labelled pair of the set {@code SETS.get(set)}. */
    private record Fact(String fact, String question, int set) {
        boolean heldOut() {
            return set > 0;
        }
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        List<Fact> facts = facts();
        try (EmbeddedPostgres postgres = database();
                TextEmbedder embedder = new TextEmbedder(threads)) {
            DataSource dataSource = postgres.getPostgresDatabase();
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("filesystem:db/migrations")
                    .load()
                    .migrate();
            MemoryStore store = new MemoryStore(pooled(dataSource));
            long started = System.nanoTime();
            Map<String, UUID> factIds = stored(dataSource, facts);
            if (factIds.isEmpty()) {
                factIds = populate(dataSource, store, embedder, facts, messages);
                System.out.printf(
                        "stored and embedded %,d messages in %.0f s%n", messages, (System.nanoTime() - started) / 1e9);
            } else if (factIds.size() < facts.size()) {
                throw new IllegalStateException("the database of -Dbench.dir lacks some labelled facts: use a new one");
            }
            try (Connection connection = dataSource.getConnection();
                    Statement analyze = connection.createStatement()) {
                // the statistics the common-word filter reads (CommonWords), and no dead rows or pending full-text
                // entries left by populating, as autovacuum would keep them
                analyze.execute("VACUUM ANALYZE memory_passages");
            }

            VectorIndexes indexes = new VectorIndexes();
            Synonyms synonyms = Boolean.getBoolean("bench.no-synonyms") ? Synonyms.NONE : Synonyms.load();
            Retriever retriever = new Retriever(store, indexes, () -> synonyms);
            long loadStart = System.nanoTime();
            UserVectorIndex index = indexes.current(1, store, Long.MAX_VALUE, Duration.ofHours(1));
            System.out.printf(
                    "cold index load: %,d vectors in %.0f ms%n", index.size(), (System.nanoTime() - loadStart) / 1e6);
            List<float[]> questionVectors = facts.stream()
                    .map(f -> questionVector(embedder, f.question()))
                    .toList();
            if (!Boolean.getBoolean("bench.recall-only")) {
                embeddingLatency(embedder);
                measure(
                        "full-text only, top-8",
                        facts.size(),
                        i -> retriever.recall(1, null, facts.get(i).question(), null, K, MIN_SCORE, Long.MAX_VALUE));
                measure("vector index search only, top-8", facts.size(), i -> index.search(questionVectors.get(i), K));
                measure(
                        "vector index refresh (nothing new)",
                        1,
                        i -> indexes.current(1, store, Long.MAX_VALUE, Duration.ofHours(1)));
                measure(
                        "hybrid (full-text + vector + resolve), top-8",
                        facts.size(),
                        i -> retriever.recall(
                                1,
                                null,
                                facts.get(i).question(),
                                questionVectors.get(i),
                                K,
                                MIN_SCORE,
                                Long.MAX_VALUE));
            }
            int[] hybrid = new int[SETS.size()];
            int[] text = new int[SETS.size()];
            int[] vector = new int[SETS.size()];
            int[] sizes = new int[SETS.size()];
            List<MemoryStore.StoredVector> all = store.vectorsSince(1, 0, new long[0], Integer.MAX_VALUE);
            List<Integer> tuningRanks = new ArrayList<>();
            for (int i = 0; i < facts.size(); i++) {
                Fact fact = facts.get(i);
                int part = fact.set();
                sizes[part]++;
                UUID planted = factIds.get(fact.fact());
                int found = contains(
                        retriever.recall(
                                1, null, fact.question(), questionVectors.get(i), K, MIN_SCORE, Long.MAX_VALUE),
                        planted);
                hybrid[part] += found;
                text[part] += contains(
                        retriever.recall(1, null, fact.question(), null, K, MIN_SCORE, Long.MAX_VALUE), planted);
                vector[part] += index.search(questionVectors.get(i), K).stream()
                                .anyMatch(h -> h.messageId().equals(planted))
                        ? 1
                        : 0;
                if (found == 0 && !fact.heldOut()) {
                    explainMiss(fact, questionVectors.get(i), planted, all);
                }
                if (!fact.heldOut()) {
                    tuningRanks.add(rank(
                            retriever.recall(
                                    1, null, fact.question(), questionVectors.get(i), 32, MIN_SCORE, Long.MAX_VALUE),
                            planted));
                }
            }
            if (Boolean.getBoolean("bench.neighbours")) {
                printNeighbours(index, facts, questionVectors, all);
            }
            if (Boolean.getBoolean("bench.sweep")) {
                for (double overlap : new double[] {1.0, 0.95, 0.9, 0.85, 0.8}) {
                    Retriever variant = new Retriever(store, indexes, overlap, () -> synonyms);
                    int found = 0;
                    for (int i = 0; i < facts.size(); i++) {
                        if (!facts.get(i).heldOut()) {
                            found += contains(
                                    variant.recall(
                                            1,
                                            null,
                                            facts.get(i).question(),
                                            questionVectors.get(i),
                                            K,
                                            MIN_SCORE,
                                            Long.MAX_VALUE),
                                    factIds.get(facts.get(i).fact()));
                        }
                    }
                    System.out.printf("  tuning set, near-duplicate above %.2f: %d/%d%n", overlap, found, sizes[0]);
                }
            }
            boolean showHeldOut = Boolean.getBoolean("bench.held-out");
            System.out.printf(
                    "recall@8 (floor %.2f), %s:%n",
                    MIN_SCORE,
                    showHeldOut
                            ? String.join(" / ", SETS) + " (held-out misses never shown) / all"
                            : SETS.get(0) + " (the tuning set)");
            printRecall("hybrid", hybrid, sizes, showHeldOut);
            printRecall("full-text only", text, sizes, showHeldOut);
            printRecall("vector only", vector, sizes, showHeldOut);
            printRanks(tuningRanks);
            // -Dbench.hold=<seconds> keeps the database up for EXPLAIN ANALYZE by hand (psql on -Dbench.port)
            Thread.sleep(Duration.ofSeconds(Long.getLong("bench.hold", 0)).toMillis());
        }
    }

    /** The recall vector as Memory computes it, or with {@code -Dbench.single-embedding=true} the question's alone. */
    private static float[] questionVector(TextEmbedder embedder, String question) {
        float[] whole = embedder.embed(question);
        return Boolean.getBoolean("bench.single-embedding") ? whole : QueryVector.of(question, whole, embedder::embed);
    }

    /** The held-out sets' figures only when asked for ({@code -Dbench.held-out=true}), so tuning never sees them. */
    private static void printRecall(String what, int[] found, int[] sizes, boolean showHeldOut) {
        StringBuilder line = new StringBuilder(String.format("  %-16s", what));
        int sets = showHeldOut ? SETS.size() : 1;
        for (int set = 0; set < sets; set++) {
            line.append(ofSet(found[set], sizes[set]));
        }
        if (showHeldOut) {
            line.append(ofSet(Arrays.stream(found).sum(), Arrays.stream(sizes).sum()));
        }
        System.out.println(line);
    }

    private static String ofSet(int found, int size) {
        return String.format("   %3d/%d (%3.0f %%)", found, size, 100.0 * found / size);
    }

    /** Prints where a missed fact stands by exact cosine among all stored vectors. */
    private static void explainMiss(Fact fact, float[] question, UUID planted, List<MemoryStore.StoredVector> all) {
        double factScore = 0;
        double[] scores = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            float[] v = VectorCodec.decode(all.get(i).vector());
            double dot = 0;
            for (int d = 0; d < v.length; d++) {
                dot += v[d] * question[d];
            }
            scores[i] = dot;
            if (all.get(i).messageId().equals(planted)) {
                factScore = dot;
            }
        }
        double score = factScore;
        long better = Arrays.stream(scores).filter(x -> x > score).count();
        System.out.printf(
                "  missed: \"%s\" -> fact cosine %.3f, exact rank %d%n", fact.question(), factScore, better + 1);
    }

    /**
     * One connection, reused by every call as the application server's pool reuses its connections (and its prepared
     * statements); the embedded server's plain data source would open a new connection per call.
     */
    private static DataSource pooled(DataSource dataSource) throws SQLException {
        Connection shared = dataSource.getConnection();
        ClassLoader loader = MemoryBenchmark.class.getClassLoader();
        Connection connection = (Connection) Proxy.newProxyInstance(
                loader, new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(shared, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(
                loader,
                new Class<?>[] {DataSource.class},
                (proxy, method, arguments) ->
                        method.getName().equals("getConnection") ? connection : method.invoke(dataSource, arguments));
    }

    /**
     * The embedded PostgreSQL: on {@code -Dbench.port} (default 26201), in {@code -Dbench.dir} when given, kept after
     * the run so later runs reuse the stored messages (new migrations still apply).
     */
    private static EmbeddedPostgres database() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(Integer.getInteger("bench.port", 26201));
        String dir = System.getProperty("bench.dir");
        if (dir != null) {
            builder.setDataDirectory(Path.of(dir)).setCleanDataDirectory(false);
        }
        return builder.start();
    }

    /** The planted facts' message ids of an earlier run's data, or none when the database is empty. */
    private static Map<String, UUID> stored(DataSource dataSource, List<Fact> facts) throws Exception {
        Map<String, UUID> ids = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement find = connection.prepareStatement(
                        "SELECT m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                                + "WHERE c.user_id = 1 AND m.content = ? LIMIT 1")) {
            for (Fact fact : facts) {
                find.setString(1, fact.fact());
                try (ResultSet row = find.executeQuery()) {
                    if (row.next()) {
                        ids.put(fact.fact(), row.getObject(1, UUID.class));
                    }
                }
            }
        }
        return ids;
    }

    /** The planted fact's place (1-based) in a recall, or 0 when it is not in it. */
    /**
     * How many of the exact 8 and 32 nearest neighbours of each tuning question (by cosine over all stored vectors) the
     * index's approximate search returns: the price of its prefilters, apart from any labelled fact.
     */
    private static void printNeighbours(
            UserVectorIndex index,
            List<Fact> facts,
            List<float[]> questionVectors,
            List<MemoryStore.StoredVector> all) {
        float[][] vectors = new float[all.size()][];
        for (int j = 0; j < vectors.length; j++) {
            vectors[j] = VectorCodec.decode(all.get(j).vector());
        }
        int[] found = new int[2];
        int questions = 0;
        for (int i = 0; i < facts.size(); i++) {
            if (facts.get(i).heldOut()) {
                continue;
            }
            float[] question = questionVectors.get(i);
            double[] scores = new double[vectors.length];
            for (int j = 0; j < vectors.length; j++) {
                for (int d = 0; d < question.length; d++) {
                    scores[j] += vectors[j][d] * question[d];
                }
            }
            List<Integer> byScore = java.util.stream.IntStream.range(0, vectors.length)
                    .boxed()
                    .sorted((a, b) -> Double.compare(scores[b], scores[a]))
                    .limit(32)
                    .toList();
            for (int n = 0; n < 2; n++) {
                int k = n == 0 ? 8 : 32;
                List<UUID> exact = byScore.subList(0, k).stream()
                        .map(j -> all.get(j).messageId())
                        .toList();
                found[n] += (int) index.search(question, k).stream()
                        .filter(hit -> exact.contains(hit.messageId()))
                        .count();
            }
            questions++;
        }
        System.out.printf(
                "exact nearest neighbours returned by the index, tuning questions: top 8 %d/%d, top 32 %d/%d%n",
                found[0], 8 * questions, found[1], 32 * questions);
    }

    private static int rank(List<Passage> passages, UUID id) {
        for (int i = 0; i < passages.size(); i++) {
            if (passages.get(i).messageId().equals(id)) {
                return i + 1;
            }
        }
        return 0;
    }

    /**
     * Finer figures of the tuning set than recall@8 (hybrid, top 32): recall@1 and @3 and the mean reciprocal rank, so
     * a change can be judged on the tuning set even when it moves no fact across the eighth place.
     */
    private static void printRanks(List<Integer> ranks) {
        long at1 = ranks.stream().filter(r -> r == 1).count();
        long at3 = ranks.stream().filter(r -> r >= 1 && r <= 3).count();
        double mrr =
                ranks.stream().mapToDouble(r -> r == 0 ? 0 : 1.0 / r).average().orElse(0);
        System.out.printf(
                "  tuning set, hybrid top 32: recall@1 %d, recall@3 %d, recall@32 %d of %d, MRR %.3f, ranks %s%n",
                at1, at3, ranks.stream().filter(r -> r > 0).count(), ranks.size(), mrr, ranks);
    }

    private static int contains(List<Passage> passages, UUID id) {
        return passages.stream().anyMatch(p -> p.messageId().equals(id)) ? 1 : 0;
    }

    private interface Call {
        Object run(int i);
    }

    /** Wall clock, and this thread's CPU time (which leaves out the time PostgreSQL spends in its own process). */
    private static void measure(String what, int variants, Call call) {
        for (int i = 0; i < 50; i++) {
            call.run(i % variants);
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[400];
        long[] cpuNanos = new long[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            call.run(i % variants);
            cpuNanos[i] = cpu.getCurrentThreadCpuTime() - cpuStart;
            nanos[i] = System.nanoTime() - start;
        }
        report(what + ", wall", nanos);
        report(what + ", JVM CPU", cpuNanos);
    }

    private static void embeddingLatency(TextEmbedder embedder) {
        String message = "I moved to Rotterdam last spring and now work as a nurse at the children's hospital near the "
                + "harbour; my shifts start at seven, I cycle there every day when it is dry, and on Sundays I rest at home, mostly.";
        embeddingLatency("query embedding, " + message.length() + " chars", message, embedder);
        // the longest question that gets a second embedding of its content (QueryVector.SHORT), and a typical one
        String longQuestion =
                "Which street did my sister and her husband move to last spring, and which of the schools "
                        + "near their new flat did they finally choose for the two kids?";
        embeddingLatency("recall vector, " + longQuestion.length() + "-char question", longQuestion, embedder);
        embeddingLatency("recall vector, short question", "What is the name of my dog?", embedder);
    }

    private static void embeddingLatency(String what, String text, TextEmbedder embedder) {
        for (int i = 0; i < 30; i++) {
            questionVector(embedder, text + " ".repeat(i % 3));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] nanos = new long[300];
        long[] cpuNanos = new long[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            long cpuStart = cpu.getCurrentThreadCpuTime();
            questionVector(embedder, text + " ".repeat(i % 3));
            cpuNanos[i] = cpu.getCurrentThreadCpuTime() - cpuStart;
            nanos[i] = System.nanoTime() - start;
        }
        report(what + ", wall", nanos);
        report(what + ", CPU", cpuNanos);
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "%-60s p50 %6.2f ms   p95 %6.2f ms   (n=%d)%n",
                what, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6, sorted.length);
    }

    /** The labelled sets, interleaved (one of each in turn) so all are planted across the same history. */
    private static List<Fact> facts() throws IOException {
        List<List<Fact>> sets = new ArrayList<>();
        for (int set = 0; set < SETS.size(); set++) {
            sets.add(facts(set));
        }
        int longest = sets.stream().mapToInt(List::size).max().orElse(0);
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < longest; i++) {
            for (List<Fact> set : sets) {
                if (i < set.size()) {
                    facts.add(set.get(i));
                }
            }
        }
        return facts;
    }

    private static List<Fact> facts(int set) throws IOException {
        List<Fact> facts = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                MemoryBenchmark.class.getResourceAsStream("/" + SETS.get(set)), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] parts = line.split("\t");
                facts.add(new Fact(parts[0], parts[1], set));
            }
        }
        return facts;
    }

    /** Stores the messages and embeddings; returns the message id of each planted fact. */
    private static Map<String, UUID> populate(
            DataSource dataSource, MemoryStore store, TextEmbedder embedder, List<Fact> facts, int messages)
            throws Exception {
        Random random = new Random(42);
        Distractors distractors = new Distractors(random);
        Map<String, UUID> factIds = new HashMap<>();
        Instant start = Instant.now().minusSeconds(messages * 60L);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement user =
                    connection.prepareStatement("INSERT INTO users (id, username) VALUES (1, 'bench')")) {
                user.executeUpdate();
            }
            try (PreparedStatement conversation = connection.prepareStatement(
                            "INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES (?, 1, 'c', ?, ?)");
                    PreparedStatement message = connection.prepareStatement(
                            "INSERT INTO messages (id, conversation_id, seq, role, content, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                UUID conversationId = null;
                int factStride = Math.max(1, messages / 2 / facts.size());
                for (int i = 0; i < messages; i++) {
                    Timestamp at = Timestamp.from(start.plusSeconds(i * 60L));
                    if (i % PER_CONVERSATION == 0) {
                        conversationId = UUID.randomUUID();
                        conversation.setObject(1, conversationId);
                        conversation.setTimestamp(2, at);
                        conversation.setTimestamp(3, at);
                        conversation.executeUpdate();
                    }
                    boolean userTurn = i % 2 == 0;
                    int factIndex = i / factStride / 2;
                    String text;
                    if (userTurn && i % (factStride * 2) == 0 && factIndex < facts.size()) {
                        text = facts.get(factIndex).fact();
                    } else {
                        text = userTurn ? distractors.userText() : distractors.assistantText();
                    }
                    UUID id = UUID.randomUUID();
                    if (factIds.size() < facts.size()
                            && facts.stream().anyMatch(f -> f.fact().equals(text))) {
                        factIds.put(text, id);
                    }
                    message.setObject(1, id);
                    message.setObject(2, conversationId);
                    message.setInt(3, i % PER_CONVERSATION + 1);
                    message.setString(4, userTurn ? "user" : "assistant");
                    message.setString(5, text);
                    message.setTimestamp(6, at);
                    message.addBatch();
                    if (i % 1_000 == 999) {
                        message.executeBatch();
                    }
                }
                message.executeBatch();
            }
            connection.commit();
        }
        while (store.indexMessages(20_000) > 0) {
            // index in chunks until every message is searchable
        }
        embedAll(dataSource, store, embedder, random);
        return factIds;
    }

    private static void embedAll(DataSource dataSource, MemoryStore store, TextEmbedder embedder, Random random)
            throws Exception {
        Map<String, float[]> cache = new HashMap<>();
        List<MemoryStore.Pending> pending;
        while (!(pending = store.unembedded(null, 5_000)).isEmpty()) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO memory_embeddings "
                            + "(message_id, user_id, vector) SELECT message_id, user_id, ? FROM memory_passages "
                            + "WHERE message_id = ?")) {
                for (MemoryStore.Pending passage : pending) {
                    boolean seen = cache.containsKey(passage.content());
                    float[] vector = cache.computeIfAbsent(passage.content(), embedder::embed);
                    insert.setBytes(1, VectorCodec.encode(seen ? jitter(vector, random) : vector));
                    insert.setObject(2, passage.messageId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        System.out.printf("distinct texts embedded: %,d%n", cache.size());
    }

    private static float[] jitter(float[] vector, Random random) {
        float[] noisy = new float[vector.length];
        double norm = 0;
        for (int i = 0; i < vector.length; i++) {
            noisy[i] = (float) (vector[i] + 0.02 * random.nextGaussian());
            norm += noisy[i] * noisy[i];
        }
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] /= (float) Math.sqrt(norm);
        }
        return noisy;
    }

    /** Plausible chat lines that are not the planted facts. */
    private static final class Distractors {
        private static final String[] PEOPLE = {
            "My colleague Mark",
            "My neighbour",
            "My cousin Lena",
            "My friend Tom",
            "My boss",
            "Our landlord",
            "My dentist",
            "The swimming coach",
            "My classmate Priya",
            "Uncle Rob",
            "My niece",
            "My flatmate",
            "My doctor",
            "My manager",
            "Our team lead",
            "Aunt Clara",
            "My godfather",
            "My barber",
            "The physiotherapist",
            "A client of ours"
        };
        private static final String[] NEWS = {
            "is training for a triathlon",
            "bought an electric scooter",
            "complained about the heating bill",
            "recommended a Thai restaurant downtown",
            "adopted a rescue greyhound",
            "started a pottery class",
            "moved to a flat near the river",
            "got promoted to senior analyst",
            "is learning to play the ukulele",
            "lost their keys at the gym",
            "planted an apple tree",
            "booked a cruise to Norway",
            "switched to a plant-based diet",
            "is renovating the kitchen",
            "sprained an ankle playing squash",
            "won a pub quiz",
            "wrote a short story about dragons",
            "joined a choir",
            "sold their old motorbike",
            "has a new job at the airport"
        };
        private static final String[] WHEN = {
            "last week",
            "yesterday",
            "this morning",
            "in March",
            "over the weekend",
            "a few days ago",
            "recently",
            "last summer",
            "two months ago",
            "on Friday"
        };
        private static final String[] REQUESTS = {
            "Can you help me write an email about the broken boiler?",
            "How do I convert a CSV file to JSON in Python?",
            "Summarise these meeting notes in three bullet points.",
            "What is the difference between TCP and UDP?",
            "Give me a recipe for a quick weeknight pasta.",
            "Translate good morning into Italian.",
            "Explain how compound interest works.",
            "Draft a polite reminder about an unpaid invoice.",
            "What are good stretches after a long run?",
            "List some board games for four players.",
            "How long should I boil an egg for a soft yolk?",
            "What is a good name for a book club?",
            "Suggest a weekend itinerary for Lisbon.",
            "How do I fix a merge conflict in git?",
            "What should I pack for a camping trip?",
            "Write a haiku about autumn rain.",
            "Which houseplants survive in low light?",
            "How can I improve my sleep schedule?",
            "Explain the rules of cricket briefly.",
            "What is the capital of Australia?"
        };
        private static final String[] ANSWERS = {
            "Sure, here is a draft you can adapt to your situation.",
            "Good question. In short, it depends on what you need most.",
            "Here are a few options to consider.",
            "That sounds like a plan; let me know if you want more detail.",
            "I would start with the simplest approach.",
            "Happy to help. The main points are listed below.",
            "Here is a short explanation with an example.",
            "You could try this first and adjust as you go."
        };

        private final Random random;

        Distractors(Random random) {
            this.random = random;
        }

        String userText() {
            return random.nextInt(3) == 0 ? pick(REQUESTS) : pick(PEOPLE) + " " + pick(NEWS) + " " + pick(WHEN) + ".";
        }

        String assistantText() {
            return pick(ANSWERS) + " " + pick(REQUESTS).replace("?", ".");
        }

        private String pick(String[] values) {
            return values[random.nextInt(values.length)];
        }
    }
}
