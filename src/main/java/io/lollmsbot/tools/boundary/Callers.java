package io.lollmsbot.tools.boundary;

import io.lollmsbot.common.ProblemException;
import io.lollmsbot.common.Role;
import io.lollmsbot.identity.control.CallerIds;
import io.lollmsbot.identity.control.UserService;
import io.lollmsbot.identity.entity.User;
import io.lollmsbot.tools.control.ToolCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.SecurityContext;

/** The authenticated principal as the chat sees it; the identity never comes from a request body. */
@ApplicationScoped
public class Callers {

    @Inject
    UserService users;

    @Inject
    HttpServletRequest request;

    /**
     * The caller as authentication left it on the request (no query), else as the users table has it (callers the
     * application's identity store did not verify, such as LDAP ones).
     */
    public ToolCaller of(SecurityContext security) {
        String username = security.getUserPrincipal().getName();
        if (request.getAttribute(CallerIds.REQUEST_ATTRIBUTE) instanceof Long userId) {
            return new ToolCaller(userId, username, security.isUserInRole(Role.ADMIN_NAME));
        }
        User user = users.find(username)
                .orElseThrow(() -> new ProblemException(401, "The authenticated user no longer exists."));
        return new ToolCaller(user.id(), user.username(), user.roles().contains(Role.ADMIN));
    }
}
