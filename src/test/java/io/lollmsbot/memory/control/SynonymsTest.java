package io.lollmsbot.memory.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The full-text query is widened with WordNet synonyms and derivationally related forms of its attested noun senses,
 * read from the shipped data.
 */
class SynonymsTest {

    private static Synonyms synonyms;

    @BeforeAll
    static void load() {
        synonyms = Synonyms.load();
    }

    @Test
    void aNounIsWidenedWithTheMembersOfItsTaggedSenses() {
        String expanded = synonyms.expand("Which floor is my flat on?");
        assertTrue(expanded.startsWith("Which floor is my flat on? "), expanded);
        assertTrue(expanded.contains(" storey"), expanded);
    }

    @Test
    void pluralsAreLookedUpByTheirSingular() {
        assertTrue(synonyms.expand("Do I have any unusual animals?").contains(" creature"));
    }

    @Test
    void aNounIsWidenedWithTheDerivationallyRelatedFormsOfItsTaggedSenses() {
        String expanded = synonyms.expand("What is my hobby as a collector?");
        assertTrue(expanded.contains(" collect"), expanded);
        assertTrue(synonyms.expand("Which writer do I like most?").contains(" write"));
    }

    @Test
    void wordsWithoutTaggedNounSensesAddNothing() {
        assertEquals("Do it quickly", synonyms.expand("Do it quickly"));
        assertEquals("What is my job?", Synonyms.NONE.expand("What is my job?"));
    }
}
