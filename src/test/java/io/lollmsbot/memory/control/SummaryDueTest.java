package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SummaryDueTest {

    private static final UUID CONVERSATION = UUID.randomUUID();

    private final SummaryDue due = new SummaryDue();
    private final AtomicInteger checks = new AtomicInteger();

    private int check(int calls) {
        return due.foldIfMarked(CONVERSATION, () -> {
            checks.incrementAndGet();
            return calls;
        });
    }

    @Test
    void anUnmarkedConversationIsNotChecked() {
        assertEquals(0, check(1));
        assertEquals(0, checks.get());
    }

    @Test
    void aCheckThatFoldsConsumesTheMark() {
        due.mark(CONVERSATION);

        assertEquals(1, check(1));
        assertEquals(0, check(1), "the next turn's assembly marks it again if still due");
        assertEquals(1, checks.get());
    }

    /**
     * The race behind a lost summary: the new turn's assembly marks the conversation while the previous turn's
     * maintenance is still running; that maintenance reads a history without the new turn and folds nothing. The new
     * turn's own maintenance must still find the mark.
     */
    @Test
    void aCheckThatFoldsNothingLeavesTheMarkForTheNextMaintenance() {
        due.mark(CONVERSATION);

        assertEquals(0, check(0), "the previous turn's maintenance: the new turn is not stored yet");
        assertEquals(2, check(2), "the new turn's maintenance still checks and folds");
        assertEquals(0, check(2));
        assertEquals(2, checks.get());
    }

    @Test
    void aFailedCheckLeavesTheMark() {
        due.mark(CONVERSATION);

        assertThrows(
                IllegalStateException.class,
                () -> due.foldIfMarked(CONVERSATION, () -> {
                    throw new IllegalStateException("the model is down");
                }));

        assertEquals(1, check(1), "the next maintenance tries again");
    }

    @Test
    void theSetStaysBounded() {
        due.mark(CONVERSATION);
        for (int i = 1; i < SummaryDue.MAX_MARKED; i++) {
            due.mark(UUID.randomUUID());
        }
        UUID last = UUID.randomUUID();

        due.mark(last);

        assertEquals(0, check(1), "an overflowing set starts again");
        assertEquals(1, due.foldIfMarked(last, () -> 1));
    }
}
