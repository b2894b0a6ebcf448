package io.lollmsbot.tools.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.entity.User;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.SecurityContext;

/** The authenticated principal as the chat sees it; the identity never comes from a request body. */
@ApplicationScoped
public class Callers {

    @Inject
    UserService users;

    public ToolCaller of(SecurityContext security) {
        User user = users.find(security.getUserPrincipal().getName())
                .orElseThrow(() -> new ProblemException(401, "The authenticated user no longer exists."));
        return new ToolCaller(user.id(), user.username(), user.roles().contains(Role.ADMIN));
    }
}
