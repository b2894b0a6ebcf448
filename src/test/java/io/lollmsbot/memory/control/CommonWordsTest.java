package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The common lexemes are read once per time to live, and a failed read leaves nothing out. */
class CommonWordsTest {

    @Test
    void readOnceAndReused() {
        AtomicInteger reads = new AtomicInteger();
        CommonWords words = new CommonWords(() -> {
            reads.incrementAndGet();
            return List.of("job", "base");
        });
        assertEquals(List.of("job", "base"), words.current());
        assertEquals(List.of("job", "base"), words.current());
        assertEquals(1, reads.get());
    }

    @Test
    void aFailedReadMeansNoCommonWords() {
        CommonWords words = new CommonWords(() -> {
            throw new IllegalStateException("memory query failed: 42501");
        });
        assertEquals(List.of(), words.current());
    }
}
