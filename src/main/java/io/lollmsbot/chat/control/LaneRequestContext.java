package io.lollmsbot.chat.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.concurrent.Callable;

/**
 * One CDI request context for a whole lane task. A lane worker is no request thread, so without it the container
 * activated and tore down a request context around every EJB call of the task (seven and more per turn), each time
 * resolving the context bean again (issue 11, docs/performance.md).
 */
@ApplicationScoped
public class LaneRequestContext {

    @ActivateRequestContext
    public <T> T call(Callable<T> work) throws Exception {
        return work.call();
    }
}
