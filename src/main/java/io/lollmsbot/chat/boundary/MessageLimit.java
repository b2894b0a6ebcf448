package io.lollmsbot.chat.boundary;

import io.lollmsbot.common.Problem;
import io.lollmsbot.common.ProblemException;
import io.lollmsbot.config.control.Cached;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/** The message length limit, a setting read at every request so an admin's change applies at once. */
@ApplicationScoped
public class MessageLimit {

    static final String KEY = "lollmsbot.chat.max-message-chars";

    @Inject
    @Cached
    Config config;

    public void check(String field, String message) {
        int max = config.getValue(KEY, Integer.class);
        if (message.length() > max) {
            throw new ProblemException(
                    Problem.validation(
                            List.of(new Problem.FieldError(field, "must be at most " + max + " characters"))),
                    Map.of());
        }
    }
}
