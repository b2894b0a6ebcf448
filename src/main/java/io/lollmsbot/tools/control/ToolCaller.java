package io.lollmsbot.tools.control;

/** The authenticated user on whose behalf a tool runs; tools never take the identity from the model's arguments. */
public record ToolCaller(long userId, String username, boolean admin) {
}
