package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void keepsAWellFormedCallerId() {
        assertEquals("abc.DEF_123-x", RequestIds.accept("abc.DEF_123-x"));
        assertEquals("a".repeat(64), RequestIds.accept("a".repeat(64)));
    }

    @Test
    void replacesAnythingElse() {
        for (String bad : new String[] {null, "", "a".repeat(65), "has space", "inject\r\nheader", "é"}) {
            String id = RequestIds.accept(bad);
            assertNotEquals(bad, id);
            assertTrue(id.matches("[0-9a-f-]{36}"), id);
        }
    }

    @Test
    void whatARequestLearntLastsUntilItEnds() {
        RequestIds.remember("version", 7L);
        assertTrue(RequestIds.remembered("version", Long.class).isEmpty(), "nothing is kept outside a request");

        RequestIds.bind("request-1");
        try {
            RequestIds.remember("version", 7L);
            RequestIds.bind("request-1");
            assertEquals(Optional.of(7L), RequestIds.remembered("version", Long.class), "the same request binds again");
            assertTrue(RequestIds.remembered("version", String.class).isEmpty());
        } finally {
            RequestIds.unbind();
        }
        assertTrue(RequestIds.remembered("version", Long.class).isEmpty());

        RequestIds.bind("request-2");
        try {
            RequestIds.remember("version", 8L);
            RequestIds.bind("request-3");
            assertTrue(RequestIds.remembered("version", Long.class).isEmpty(), "another request starts empty");
        } finally {
            RequestIds.unbind();
        }
    }
}
