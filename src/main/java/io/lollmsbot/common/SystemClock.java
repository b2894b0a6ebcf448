package io.lollmsbot.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/**
 * The one clock of the application: the system clock in UTC. Beans that count time windows inject {@link Clock}, so
 * their unit tests can run them on a fixed or moving clock; there is deliberately no setting that shifts it.
 */
@ApplicationScoped
public class SystemClock {

    @Produces
    Clock clock() {
        return Clock.systemUTC();
    }
}
