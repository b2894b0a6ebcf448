package io.lollmsbot.memory.control;

import io.lollmsbot.config.control.Cached;
import io.lollmsbot.guardian.control.Guardian;
import io.lollmsbot.llm.control.ChatMessage;
import io.lollmsbot.llm.control.LlmGateway;
import io.lollmsbot.memory.entity.Passage;
import io.lollmsbot.memory.entity.Summary;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * The Memory pillar: builds each turn's context under the model's token budget (Soul prompt, rolling summary, recalled
 * memories, recent turns), keeps a rolling summary of long conversations, and recalls passages from the same user's
 * earlier conversations by full-text search plus embedding similarity. Bean-managed concurrency (every method runs
 * in parallel; the parts hold their own locks) and no container transaction: the SQL auto-commits and the summary's
 * model call never holds a transaction open.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Memory {

    private static final Logger LOG = Logger.getLogger(Memory.class.getName());
    private static final int QUERY_CHARS = 2_000;
    private static final int MAINTAIN_BATCH = 200;
    /**
     * A turn's maintenance embeds what is missing among the conversation's newest passages: its own two and those of
     * turns whose maintenance was coalesced with it or skipped; anything older is left to the heartbeat's backfill.
     */
    private static final int MAINTAIN_WINDOW = 16;

    private static final Duration SUMMARY_BACKFILL_WINDOW = Duration.ofDays(1);

    @Resource(lookup = "jdbc/lollmsbot")
    DataSource dataSource;

    /** Loads the WordNet synonyms in the background at start. */
    @Resource
    ManagedExecutorService executor;

    @Inject
    @Cached
    Config config;

    @Inject
    LlmGateway llm;

    @Inject
    Guardian guardian;

    private MemoryStore store;
    private TokenCounter tokens;
    private final EmbedderHolder embedder = new EmbedderHolder();
    private final VectorIndexes indexes = new VectorIndexes();
    private final SummaryDue summaryDue = new SummaryDue();
    private final RecentEmbeddings recentQueries = new RecentEmbeddings();
    private Retriever retriever;
    private int summaryHeaderTokens;
    /** The Soul's prompt of the last turn with its count: it changes only when an admin edits the persona. */
    private volatile CountedText lastSystemPrompt = new CountedText("", 0);

    @PostConstruct
    void start() {
        store = new MemoryStore(dataSource);
        CompletableFuture<Synonyms> synonyms = CompletableFuture.supplyAsync(Synonyms::load, executor)
                .exceptionally(e -> {
                    LOG.log(Level.WARNING, "WordNet synonyms unavailable; memories are searched without them", e);
                    return Synonyms.NONE;
                });
        retriever = new Retriever(store, indexes, () -> synonyms.getNow(Synonyms.NONE));
        tokens = new TokenCounter();
        summaryHeaderTokens = tokens.count(ContextText.SUMMARY_HEADER);
    }

    @PreDestroy
    void stop() {
        tokens.close();
        embedder.close();
    }

    /**
     * The messages for a turn: {@code system} first, then the rolling summary and recalled memories (as system
     * messages marked as context), then as many recent turns as the budget leaves, then {@code current} (client
     * context and the user's message, always sent whole). {@code conversationId} is null for a new conversation;
     * {@code messageTokens} is the count {@link #tokensToStore} gave for the user's message (the last of
     * {@code current}), which is then not counted again.
     * Recalled memories pass the Guardian's context screening first, like tool results: an old message is data.
     */
    public List<ChatMessage> assemble(
            long userId,
            String username,
            UUID conversationId,
            ChatMessage system,
            List<ChatMessage> current,
            Integer messageTokens) {
        ContextBudget budget = ContextBudget.of(config);
        String message = current.get(current.size() - 1).content();
        int currentTokens = tokens.count(message, messageTokens);
        for (ChatMessage clientContext : current.subList(0, current.size() - 1)) {
            currentTokens += tokens.count(clientContext.content());
        }
        int systemTokens = systemPromptTokens(system.content());
        RecallQuery recallQuery = recallQuery(message);
        int historyBudget = budget.total() - systemTokens - currentTokens;
        int summariseAbove = budget.summariseAbove() - currentTokens;
        // every read of the turn on one connection, taken once the query's embedding is computed (above, on this
        // thread): a connection is never held while waiting for anything but the database
        Reads reads = store.onOneConnection(() -> read(userId, conversationId, recallQuery, budget, historyBudget));
        int left = historyBudget;
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(system);
        if (reads.summary() != null) {
            messages.add(ChatMessage.system(reads.summary().text()));
            left -= reads.summary().tokens();
        }
        if (!reads.recalled().isEmpty() && left > 0) {
            CountedText memories =
                    ContextText.memories(reads.recalled(), Math.min(budget.memories(), left), tokens::count);
            if (!memories.text().isEmpty()) {
                // only the recalled passages come from elsewhere: this server's own header is not screened
                String passages = memories.text().substring(ContextText.MEMORIES_HEADER.length());
                String screened =
                        guardian.screenContext(username, "memory", passages).text();
                String text = ContextText.MEMORIES_HEADER + screened;
                messages.add(ChatMessage.system(text));
                left -= screened.equals(passages) ? memories.tokens() : tokens.count(text);
            }
        }
        if (conversationId != null) {
            messages.addAll(recentTurns(conversationId, reads.newestFirst(), left, summariseAbove));
        }
        messages.addAll(current);
        return messages;
    }

    /** What a turn's context reads from the database: the summary (or null), recalled passages, recent turns. */
    private record Reads(CountedText summary, List<Passage> recalled, List<MemoryStore.Turn> newestFirst) {}

    /** A recall to run: the query text (cut to its maximum), its embedding (null: full-text only) and the limit. */
    private record RecallQuery(String text, float[] vector, int limit) {}

    private Reads read(
            long userId, UUID conversationId, RecallQuery recallQuery, ContextBudget budget, int historyBudget) {
        CountedText summaryText = null;
        MemoryStore.History history = conversationId == null
                ? MemoryStore.History.NONE
                : store.history(conversationId, userId, MAINTAIN_BATCH);
        if (history.summary().isPresent()) {
            Summary summary = history.summary().get();
            CountedText cut = cut(
                    summary.text(),
                    tokens.count(summary.text(), summary.tokens()),
                    Math.min(budget.summary(), Math.max(historyBudget, 0)));
            summaryText = new CountedText(ContextText.summary(cut.text()), summaryHeaderTokens + cut.tokens());
        }
        List<Passage> recalled = recallQuery == null ? List.of() : recall(userId, conversationId, recallQuery);
        return new Reads(summaryText, recalled, history.newestFirst());
    }

    /**
     * The newest turns that fit {@code budget}, oldest first. When the unsummarised history (with this turn) exceeds
     * {@code summariseAbove} or does not fit, the conversation is marked for {@link #maintain}'s summary check, which
     * otherwise reads nothing (the check itself decides what to fold).
     */
    private List<ChatMessage> recentTurns(
            UUID conversationId, List<MemoryStore.Turn> stored, int budget, int summariseAbove) {
        List<ChatMessage> newestFirst = new ArrayList<>();
        int used = 0;
        for (MemoryStore.Turn turn : stored) {
            used += tokens.count(turn.content(), turn.tokens());
            if (used > Math.min(summariseAbove, budget)) {
                summaryDue.mark(conversationId);
            }
            if (used > budget) {
                break;
            }
            newestFirst.add(
                    "user".equals(turn.role())
                            ? ChatMessage.user(turn.content())
                            : ChatMessage.assistant(turn.content()));
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The recall for {@code query}, or null when recall is off ({@code lollmsbot.memory.recall-limit} 0) or the
     * query is blank; its embedding is computed here, on the turn's own thread, when vector retrieval is on and the
     * model is loaded. Not on the server's shared executor: its threads are the request threads, which wait for
     * the turns, so at as many connections as threads every turn waited for an embedding queued behind the requests
     * while holding a database connection (issue 11: 1 turn/s and 503s at 32 connections).
     */
    private RecallQuery recallQuery(String query) {
        int limit = config.getValue("lollmsbot.memory.recall-limit", Integer.class);
        if (limit == 0 || query == null || query.isBlank()) {
            return null;
        }
        String text = query.length() > QUERY_CHARS ? query.substring(0, QUERY_CHARS) : query;
        Optional<TextEmbedder> model = vectorSearch() ? embedder.ifLoaded() : Optional.empty();
        return new RecallQuery(text, model.map(m -> queryVector(m, text)).orElse(null), limit);
    }

    /**
     * Up to the query's limit of passages from the user's other conversations that are relevant to it, best first.
     * Never another user's: every search is keyed by the user.
     */
    private List<Passage> recall(long userId, UUID conversationId, RecallQuery query) {
        return retriever.recall(
                userId,
                conversationId,
                query.text(),
                query.vector(),
                query.limit(),
                config.getValue("lollmsbot.memory.min-similarity", Double.class),
                cacheBytes());
    }

    /**
     * Background work after a turn (run on the background lane): embeds the conversation's new passages (made
     * searchable by the turn's own transaction, {@link ConversationStore#save}), and folds older turns into the
     * rolling summary when the turn's context assembly found the unsummarised history over its share of the budget
     * (the mark stays until a check folds something: {@link SummaryDue}). Safe to run on several nodes at once.
     */
    public void maintain(UUID conversationId, long userId) {
        if (vectorSearch()) {
            // the read and the vectors' update in one transaction (the model runs in between, on this thread)
            embedder.get()
                    .ifPresent(model -> store.inOneTransaction(
                            () -> embed(model, store.unembedded(conversationId, MAINTAIN_WINDOW))));
        }
        summaryDue.foldIfMarked(
                conversationId,
                () -> new RollingSummary(store, tokens, llm).update(conversationId, userId, ContextBudget.of(config)));
    }

    /**
     * Heartbeat backfill: makes up to {@code max} not yet searchable messages searchable and embeds up to {@code max}
     * passages that have no embedding yet (none when vector retrieval is off). Returns how many were embedded.
     */
    public int backfillEmbeddings(int max) {
        store.indexMessages(max);
        if (!vectorSearch()) {
            return 0;
        }
        return embedder.get()
                .map(model -> embed(model, store.unembedded(null, max)))
                .orElse(0);
    }

    /** The recall vector of a query (see {@link QueryVector}); the message's own embedding is kept for storage. */
    private float[] queryVector(TextEmbedder model, String text) {
        float[] vector = model.embed(text);
        recentQueries.put(text, vector);
        return QueryVector.of(text, vector, model::embed);
    }

    /**
     * Heartbeat backfill of rolling summaries: folds the history of up to {@code max} conversations active in the last
     * day whose unsummarised turns outgrew their budget (the background lane skipped them, or the node stopped before
     * it ran). Model calls run here, without a transaction or connection of this bean held. Returns how many
     * conversations were summarised.
     */
    public int backfillSummaries(int max) {
        ContextBudget budget = ContextBudget.of(config);
        RollingSummary summaries = new RollingSummary(store, tokens, llm);
        int summarised = 0;
        for (MemoryStore.Unsummarised conversation :
                store.unsummarised(Instant.now().minus(SUMMARY_BACKFILL_WINDOW), budget.summariseAbove(), max)) {
            if (summaries.update(conversation.conversationId(), conversation.userId(), budget) > 0) {
                summarised++;
            }
        }
        return summarised;
    }

    private int embed(TextEmbedder model, List<MemoryStore.Pending> pending) {
        Map<UUID, byte[]> vectors = new LinkedHashMap<>();
        for (MemoryStore.Pending passage : pending) {
            float[] known = recentQueries.take(passage.content());
            vectors.put(
                    passage.messageId(), VectorCodec.encode(known != null ? known : model.embed(passage.content())));
        }
        store.storeVectors(vectors);
        return pending.size();
    }

    /** The user's remembered passages, newest first. */
    public List<Passage> passages(long userId, int offset, int limit) {
        return store.passages(userId, offset, limit);
    }

    public List<Summary> summaries(long userId) {
        return store.summaries(userId);
    }

    /** Forgets one passage (it stays in its conversation); false when the user has no such passage. */
    public boolean forget(long userId, UUID messageId) {
        boolean removed = store.forget(userId, messageId);
        indexes.evict(userId);
        return removed;
    }

    /** Forgets every passage, embedding and summary of the user; conversations themselves stay. */
    public void forgetAll(long userId) {
        store.forgetAll(userId);
        indexes.evict(userId);
    }

    private boolean vectorSearch() {
        return config.getValue("lollmsbot.memory.vector-search", Boolean.class);
    }

    private long cacheBytes() {
        return config.getValue("lollmsbot.memory.index-cache-mb", Integer.class) * 1_048_576L;
    }

    /** The text, or its start when its {@code textTokens} exceed {@code maxTokens}, with the count. */
    private CountedText cut(String text, int textTokens, int maxTokens) {
        if (textTokens <= maxTokens) {
            return new CountedText(text, textTokens);
        }
        int chars = Math.max(0, Math.min(text.length(), maxTokens * 3));
        String start = text.substring(0, chars) + "…";
        return new CountedText(start, tokens.count(start));
    }

    private int systemPromptTokens(String prompt) {
        CountedText last = lastSystemPrompt;
        if (!last.text().equals(prompt)) {
            last = new CountedText(prompt, tokens.count(prompt));
            lastSystemPrompt = last;
        }
        return last.tokens();
    }

    /**
     * The count to store with a message's text (see {@link ConversationStore.Turn}): the next turns' context budgets
     * read it instead of counting the text again, turn after turn. Null while the tokenizer is unavailable.
     */
    public Integer tokensToStore(String text) {
        return tokens.forStorage(text);
    }

    /** The embedding model, loaded once on first background use, so no request waits for it. */
    private final class EmbedderHolder {
        private volatile TextEmbedder model;
        private boolean failed;

        synchronized Optional<TextEmbedder> get() {
            if (model == null && !failed) {
                try {
                    model = new TextEmbedder(config.getValue("lollmsbot.memory.embedding-threads", Integer.class));
                } catch (RuntimeException | LinkageError e) {
                    failed = true;
                    LOG.log(
                            Level.WARNING,
                            "Embedding model unavailable; memories are recalled by full-text search only",
                            e);
                }
            }
            return Optional.ofNullable(model);
        }

        Optional<TextEmbedder> ifLoaded() {
            return Optional.ofNullable(model);
        }

        synchronized void close() {
            if (model != null) {
                model.close();
            }
        }
    }
}
