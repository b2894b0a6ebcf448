package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
