package io.lollmsbot.memory.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embeddings of this node's latest recall queries, by text: a turn's query is usually the user's message, which
 * the maintenance after the turn embeds again for storage, so that second run of the model (the costliest CPU work
 * of a turn) is skipped. The model is deterministic, so a text's vector is the same whichever call computed it.
 * Each put is owed one take: when several turns send the same text before their maintenance runs ("thanks", "hi"),
 * every one of them finds the vector. Bounded, least recently used first out.
 */
final class RecentEmbeddings {

    static final int CAPACITY = 256;

    /** A vector and how many stored messages have yet to take it. */
    private static final class Entry {
        final float[] vector;
        int owed;

        Entry(float[] vector) {
            this.vector = vector;
        }
    }

    private final Map<String, Entry> byText = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    synchronized void put(String text, float[] vector) {
        byText.computeIfAbsent(text, t -> new Entry(vector)).owed++;
    }

    /** The vector computed for {@code text}, once per put (a message is stored once), or null. */
    synchronized float[] take(String text) {
        Entry entry = byText.get(text);
        if (entry == null) {
            return null;
        }
        if (--entry.owed == 0) {
            byText.remove(text);
        }
        return entry.vector;
    }
}
