package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RecentEmbeddingsTest {

    @Test
    void aQueryVectorIsReusedOnceForTheSameText() {
        RecentEmbeddings recent = new RecentEmbeddings();
        float[] vector = {0.6f, 0.8f};

        recent.put("hello there", vector);

        assertNull(recent.take("hello"), "only the very same text");
        assertArrayEquals(vector, recent.take("hello there"));
        assertNull(recent.take("hello there"), "taken once");
    }

    @Test
    void aTextSentByTwoTurnsBeforeTheirMaintenanceIsReusedByBoth() {
        RecentEmbeddings recent = new RecentEmbeddings();
        float[] vector = {0.6f, 0.8f};

        recent.put("thanks", vector);
        recent.put("thanks", vector);

        assertArrayEquals(vector, recent.take("thanks"), "the first turn's maintenance");
        assertArrayEquals(vector, recent.take("thanks"), "the second turn's maintenance");
        assertNull(recent.take("thanks"), "as many takes as puts");
    }

    @Test
    void theOldestTextsLeaveFirst() {
        RecentEmbeddings recent = new RecentEmbeddings();
        recent.put("first", new float[] {1});
        for (int i = 0; i < RecentEmbeddings.CAPACITY; i++) {
            recent.put("text " + i, new float[] {i});
        }

        assertNull(recent.take("first"));
        assertArrayEquals(
                new float[] {RecentEmbeddings.CAPACITY - 1}, recent.take("text " + (RecentEmbeddings.CAPACITY - 1)));
    }
}
