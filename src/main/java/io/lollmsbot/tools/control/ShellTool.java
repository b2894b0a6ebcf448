package io.lollmsbot.tools.control;

import io.lollmsbot.llm.control.ToolDefinition;
import io.lollmsbot.sandbox.control.Sandbox;
import io.lollmsbot.sandbox.control.SandboxLimits;
import io.lollmsbot.sandbox.control.SandboxProbe;
import io.lollmsbot.sandbox.control.SandboxResult;
import io.lollmsbot.sandbox.control.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Runs a command in the bubblewrap sandbox, in the caller's workspace. Off unless {@code lollmsbot.enable.shell} is
 * true, read on every call, and never without a working sandbox.
 */
@ApplicationScoped
public class ShellTool implements Tool {

    public static final String NAME = "shell";
    public static final String TOGGLE = "lollmsbot.enable.shell";
    private static final String SCHEMA = """
            {"type":"object","properties":{
              "command":{"type":"string","maxLength":4096},
              "timeoutSeconds":{"type":"integer","minimum":1}},
             "required":["command"]}""";
    private static final JsonObject PARAMETERS = ToolDefinition.schema(SCHEMA);

    @Inject
    Config config;

    @Inject
    Sandbox sandbox;

    @Inject
    SandboxProbe probe;

    @Inject
    Workspaces workspaces;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ToolDefinition definition() {
        return new ToolDefinition(
                NAME,
                "Runs a command in an isolated Linux sandbox without network. The working "
                        + "directory /workspace is the user's own and persists; it is the only writable place besides a "
                        + "scratch /tmp. " + policy().describe() + " Time limit " + maxTimeoutSeconds()
                        + " s at most (timeoutSeconds). Returns exitCode, stdout (with stderr), truncated and timedOut.",
                PARAMETERS);
    }

    @Override
    public boolean enabled() {
        return switchedOn() && probe.status().available();
    }

    public boolean switchedOn() {
        return config.getValue(TOGGLE, Boolean.class);
    }

    @Override
    public String execute(ToolCaller caller, JsonObject arguments) {
        // the registry checked too; a call reaching this tool by any other path must not run either
        if (!enabled()) {
            throw new ToolRefused();
        }
        SandboxLimits limits = SandboxLimits.of(
                timeoutSeconds(arguments),
                maxTimeoutSeconds(),
                setting("lollmsbot.tools.shell.cpu-seconds"),
                setting("lollmsbot.tools.shell.memory-mb"),
                setting("lollmsbot.tools.shell.max-file-mb"),
                setting("lollmsbot.tools.shell.max-output-bytes"));
        List<String> argv = policy().argv(command(arguments));
        Path workspace = workspaces.of(caller.userId());
        requireRoom(workspace);
        SandboxResult result = sandbox.run(workspace, argv, limits);
        return Json.createObjectBuilder()
                .add("exitCode", result.exitCode())
                .add("stdout", result.output())
                .add("truncated", result.truncated())
                .add("timedOut", result.timedOut())
                .build()
                .toString();
    }

    /** The workspace quota of the filesystem tool holds for commands too: a full workspace runs nothing more. */
    private void requireRoom(Path workspace) {
        try {
            WorkspaceUsage usage = WorkspaceUsage.of(workspace);
            if (!usage.roomLeft(config)) {
                throw new ToolFailure("The workspace holds " + usage.bytes() + " bytes in " + usage.files()
                        + " files, the most allowed (" + WorkspaceUsage.maxBytes(config) + " bytes, "
                        + WorkspaceUsage.maxFiles(config) + " files): delete files before running commands.");
            }
        } catch (IOException e) {
            throw new ToolFailure(
                    "The workspace could not be measured: " + e.getClass().getSimpleName() + ".");
        }
    }

    private ShellPolicy policy() {
        return ShellPolicy.of(
                config.getValue("lollmsbot.tools.shell.allowed-commands", String.class),
                config.getValue("lollmsbot.tools.shell.allow-shell-syntax", Boolean.class));
    }

    private int maxTimeoutSeconds() {
        return setting("lollmsbot.tools.shell.max-timeout-seconds");
    }

    private int setting(String key) {
        return config.getValue(key, Integer.class);
    }

    private static String command(JsonObject arguments) {
        if (!(arguments.get("command") instanceof JsonString command)) {
            throw new ToolFailure("command is required and must be a string.");
        }
        return command.getString();
    }

    private static Integer timeoutSeconds(JsonObject arguments) {
        JsonValue value = arguments.get("timeoutSeconds");
        if (value == null || value == JsonValue.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1) {
            throw new ToolFailure("timeoutSeconds must be a whole number of seconds, at least 1.");
        }
        return (int) Math.min(number.longValue(), Integer.MAX_VALUE);
    }
}
