package io.lollmsbot.llm.control;

import java.util.Objects;

/**
 * A function call requested by the model.
 *
 * @param id        call id; tool results refer to it
 * @param name      function name
 * @param arguments arguments as a JSON text (as produced by the model, not validated here)
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }

    @Override
    public String toString() {
        return "ToolCall[id=" + id + ", name=" + name + ", arguments=" + arguments.length() + " chars]";
    }
}
