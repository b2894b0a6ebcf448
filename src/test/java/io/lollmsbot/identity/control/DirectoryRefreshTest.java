package io.lollmsbot.identity.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lollmsbot.common.MovingClock;
import io.lollmsbot.common.Role;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a node asks the directory about a user, on a clock the test moves; the directory and accounts are stubs. */
class DirectoryRefreshTest {

    private final MovingClock clock = new MovingClock("2026-11-30T10:00:00Z");
    private final List<String> asked = new ArrayList<>();
    private final List<String> followed = new ArrayList<>();
    private Optional<Map<String, LdapDirectory.Membership>> answer;
    private int interval = 60;
    private DirectoryRefresh refresh;

    @BeforeEach
    void wire() {
        answer = Optional.of(Map.of("ada", new LdapDirectory.Membership(true, Set.of(Role.USER))));
        refresh = new DirectoryRefresh(clock);
        refresh.config = (Config) Proxy.newProxyInstance(
                Config.class.getClassLoader(), new Class<?>[] {Config.class}, (self, method, args) -> interval);
        refresh.directory = new LdapDirectory() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Optional<Map<String, Membership>> lookUp(Collection<String> usernames) {
                asked.addAll(usernames);
                return answer;
            }
        };
        refresh.directoryUsers = new DirectoryUsers() {
            @Override
            public boolean follow(String username, LdapDirectory.Membership membership) {
                followed.add(username);
                return true;
            }
        };
    }

    @Test
    void theFirstUseAsksThenNotAgainWithinTheInterval() {
        assertTrue(refresh.refreshIfDue("ada"));
        clock.advance(Duration.ofSeconds(59));
        assertFalse(refresh.refreshIfDue("ada"));
        assertEquals(List.of("ada"), asked);
        clock.advance(Duration.ofSeconds(1));
        assertTrue(refresh.refreshIfDue("ada"));
        assertEquals(List.of("ada", "ada"), asked);
        assertEquals(List.of("ada", "ada"), followed);
    }

    @Test
    void aLoginCountsAsACheck() {
        refresh.checked("ada");
        clock.advance(Duration.ofSeconds(30));
        assertFalse(refresh.refreshIfDue("ada"));
        assertEquals(List.of(), asked);
    }

    @Test
    void anUnreachableDirectoryChangesNothingAndIsAskedAgainAnIntervalLater() {
        answer = Optional.empty();
        assertFalse(refresh.refreshIfDue("ada"));
        assertFalse(refresh.refreshIfDue("ada"), "not asked again at once");
        assertEquals(List.of("ada"), asked);
        assertEquals(List.of(), followed);
        clock.advance(Duration.ofSeconds(60));
        assertFalse(refresh.refreshIfDue("ada"));
        assertEquals(List.of("ada", "ada"), asked);
    }

    @Test
    void intervalZeroMeansAtLoginOnly() {
        interval = 0;
        assertFalse(refresh.refreshIfDue("ada"));
        assertEquals(List.of(), asked);
    }
}
