package io.lollmsbot.memory.control;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts tokens with the Hugging Face tokenizer of the embedding model (BERT WordPiece, about 1.1-1.3 tokens per
 * English word, close to the BPE tokenizers of common chat models), so budgets hold a little slack. Should the
 * tokenizer's native library fail to load, it falls back to the documented estimate of one token per four characters.
 */
public final class TokenCounter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TokenCounter.class.getName());

    private final HuggingFaceTokenizer tokenizer;

    public TokenCounter() {
        HuggingFaceTokenizer loaded = null;
        try {
            loaded = TextEmbedder.tokenizer(
                    Map.of("truncation", "false", "addSpecialTokens", "false", "padding", "false"));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "Tokenizer unavailable, estimating four characters per token", e);
        }
        tokenizer = loaded;
    }

    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return tokenizer == null ? (text.length() + 3) / 4 : idsOf(text).length;
    }

    /**
     * The token ids alone, from the native tokenizer: {@code tokenizer.encode(text)} also copies every token's string,
     * character span, word id and masks into Java, which was a third of the time of counting a chat message
     * (docs/performance.md). Same tokenizer, same options, so the same ids.
     */
    long[] idsOf(String text) {
        long encoding = TokenizersLibrary.LIB.encode(tokenizer.getHandle(), text, false);
        try {
            return TokenizersLibrary.LIB.getTokenIds(encoding);
        } finally {
            TokenizersLibrary.LIB.deleteEncoding(encoding);
        }
    }

    /** {@code stored}, the count kept with a stored text, or the text counted now when none was kept. */
    public int count(String text, Integer stored) {
        return stored != null ? stored : count(text);
    }

    /**
     * The count to keep with a text being stored, or null while the tokenizer is unavailable: an estimate is not
     * stored, so the text is counted again, by the tokenizer, when it is read.
     */
    public Integer forStorage(String text) {
        return tokenizer == null ? null : count(text);
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
