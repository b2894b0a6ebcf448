package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SummaryDueTest {

    @Test
    void aMarkIsTakenOnce() {
        SummaryDue due = new SummaryDue();
        UUID conversation = UUID.randomUUID();

        due.mark(conversation);

        assertTrue(due.take(conversation));
        assertFalse(due.take(conversation), "the next turn's assembly marks it again if still due");
        assertFalse(due.take(UUID.randomUUID()));
    }

    @Test
    void theSetStaysBounded() {
        SummaryDue due = new SummaryDue();
        UUID first = UUID.randomUUID();
        due.mark(first);
        for (int i = 1; i < SummaryDue.MAX_MARKED; i++) {
            due.mark(UUID.randomUUID());
        }
        UUID last = UUID.randomUUID();

        due.mark(last);

        assertFalse(due.take(first), "an overflowing set starts again");
        assertTrue(due.take(last));
    }
}
