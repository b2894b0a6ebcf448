package io.lollmsbot.memory.control;

import java.util.List;
import java.util.function.Supplier;

/**
 * The lexemes that occur in so many passages that they single nothing out (PostgreSQL's statistics of
 * {@code memory_passages.search}, all users: in at least {@link #MIN_SHARE} of the passages and in more passages than
 * one recall ranks, {@link Retriever#TEXT_SCAN}), cached on this node and read again after {@link #TIME_TO_LIVE_NANOS}.
 * A question's full-text leg leaves them out when it has rarer words (see {@link MemoryStore#candidates}): "Which
 * city is my sister based in?" then searches for 'sister' and 'citi', not for 'base', which thousands of passages
 * share. Without statistics (a new or never analysed table) nothing is left out.
 */
final class CommonWords {

    /** A lexeme found in at least this share of all passages is common. */
    static final double MIN_SHARE = 0.01;

    private static final long TIME_TO_LIVE_NANOS = 10L * 60 * 1_000_000_000;

    private final Supplier<List<String>> source;
    private volatile List<String> words = List.of();
    private volatile long readAt;
    private volatile boolean read;

    CommonWords(Supplier<List<String>> source) {
        this.source = source;
    }

    /** The common lexemes; a failed read counts as none (and is retried after the time to live). */
    List<String> current() {
        long now = System.nanoTime();
        if (!read || now - readAt > TIME_TO_LIVE_NANOS) {
            synchronized (this) {
                if (!read || now - readAt > TIME_TO_LIVE_NANOS) {
                    List<String> fresh;
                    try {
                        fresh = List.copyOf(source.get());
                    } catch (IllegalStateException e) {
                        fresh = List.of();
                    }
                    words = fresh;
                    readAt = now;
                    read = true;
                }
            }
        }
        return words;
    }
}
