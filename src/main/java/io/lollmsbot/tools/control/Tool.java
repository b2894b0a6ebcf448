package io.lollmsbot.tools.control;

import io.lollmsbot.llm.control.ToolDefinition;
import jakarta.json.JsonObject;

/** A capability the model may call. Implementations are CDI beans; the {@link ToolRegistry} finds them. */
public interface Tool {

    ToolDefinition definition();

    /** Whether the tool may be offered and run now (a setting may switch it off). Read at every call. */
    default boolean enabled() {
        return true;
    }

    /**
     * Runs the call for the given user. Invalid arguments are a {@link ToolFailure}; the text returned goes back
     * to the model.
     */
    String execute(ToolCaller caller, JsonObject arguments);

    default String name() {
        return definition().name();
    }
}
