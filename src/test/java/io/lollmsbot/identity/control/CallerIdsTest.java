package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerIdsTest {

    @Test
    void carriesTheUserIdOfThisApplicationsIdentityStore() {
        assertEquals(Optional.of(42L), CallerIds.userId(CallerIds.uniqueId(42)));
    }

    @Test
    void ignoresIdsOfOtherStores() {
        assertEquals(Optional.empty(), CallerIds.userId(null));
        assertEquals(Optional.empty(), CallerIds.userId("uid=alice,ou=people,dc=example,dc=com"));
        assertEquals(Optional.empty(), CallerIds.userId("lollmsbot-user:not-a-number"));
    }
}
