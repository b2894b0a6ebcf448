package io.lollmsbot.tools.control;

import java.util.List;

/**
 * A source of tools that exist at runtime rather than as beans, such as the skills admins define. Implemented by
 * pillars above {@code tools}, so the registry offers their tools without importing them; asked at every call, so a
 * change made on any node applies to the next call.
 */
public interface ToolProvider {

    /** The tools this caller may be offered now. */
    List<Tool> tools(ToolCaller caller);
}
