package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ContextBudgetTest {

    @Test
    void aModelListedInThePairsGetsItsOwnBudget() {
        assertEquals(32_000, ContextBudget.forModel("llama3.1:8b=32000, gpt-4o-mini=100000", "llama3.1:8b", 8_192));
        assertEquals(100_000, ContextBudget.forModel("llama3.1:8b=32000, gpt-4o-mini=100000", "gpt-4o-mini", 8_192));
    }

    @Test
    void otherModelsGetTheDefault() {
        assertEquals(8_192, ContextBudget.forModel("llama3.1:8b=32000", "mistral", 8_192));
        assertEquals(8_192, ContextBudget.forModel("", "mistral", 8_192));
    }

    @Test
    void theSharesFollowTheTotal() {
        ContextBudget budget = new ContextBudget(8_000);
        assertEquals(2_000, budget.summary());
        assertEquals(1_000, budget.memories());
        assertEquals(4_000, budget.summariseAbove());
        assertEquals(2_000, budget.keepRecent());
    }
}
