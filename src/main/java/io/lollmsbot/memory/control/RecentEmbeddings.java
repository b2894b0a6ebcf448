package io.lollmsbot.memory.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embeddings of this node's latest recall queries, by text: a turn's query is usually the user's message, which
 * the maintenance after the turn embeds again for storage, so that second run of the model (the costliest CPU work
 * of a turn) is skipped. The model is deterministic, so a text's vector is the same whichever call computed it.
 * Bounded, least recently used first out.
 */
final class RecentEmbeddings {

    static final int CAPACITY = 256;

    private final Map<String, float[]> byText = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void put(String text, float[] vector) {
        byText.put(text, vector);
    }

    /** The vector computed for {@code text}, removed (a message is stored once), or null. */
    synchronized float[] take(String text) {
        return byText.remove(text);
    }
}
