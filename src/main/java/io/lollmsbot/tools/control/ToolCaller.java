package io.lollmsbot.tools.control;

import io.lollmsbot.common.Role;
import java.util.Set;

/** The authenticated user on whose behalf a tool runs; tools never take the identity from the model's arguments. */
public record ToolCaller(long userId, String username, boolean admin) {

    /** The roles tool policies are matched against; an admin is also a user. */
    public Set<String> roles() {
        return admin ? Set.of(Role.USER_NAME, Role.ADMIN_NAME) : Set.of(Role.USER_NAME);
    }
}
