package io.lollmsbot.tools.control;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the model's command string becomes. By default it is split by {@link CommandLine} and its program must be a
 * bare name on the allow-list; the argv is then executed directly, never by a shell. Only when the admin allows shell
 * syntax is the string given to {@code /bin/sh -c}; the allow-list cannot bind a shell, so then the sandbox alone
 * is the boundary.
 */
record ShellPolicy(Set<String> allowedPrograms, boolean shellSyntax) {

    static final int MAX_COMMAND_CHARS = 4096;

    static ShellPolicy of(String allowedPrograms, boolean shellSyntax) {
        Set<String> programs = Arrays.stream(allowedPrograms.split(","))
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return new ShellPolicy(programs, shellSyntax);
    }

    List<String> argv(String command) {
        if (command.isBlank()) {
            throw new ToolFailure("command is required.");
        }
        if (command.length() > MAX_COMMAND_CHARS) {
            throw new ToolFailure("command is longer than " + MAX_COMMAND_CHARS + " characters.");
        }
        if (command.indexOf('\0') >= 0) {
            throw new ToolFailure("command must not contain NUL characters.");
        }
        if (shellSyntax) {
            return List.of("/bin/sh", "-c", command);
        }
        List<String> argv = CommandLine.split(command);
        if (argv.isEmpty()) {
            throw new ToolFailure("command is required.");
        }
        String program = argv.get(0);
        if (program.contains("/") || !allowedPrograms.contains(program)) {
            throw new ToolFailure("Program '" + program + "' is not allowed. Allowed programs: "
                    + String.join(", ", allowedPrograms.stream().sorted().toList()) + ".");
        }
        return argv;
    }

    String describe() {
        return shellSyntax
                ? "Shell syntax (pipes, ;, &&, redirects) is allowed."
                : "One program with arguments, no shell syntax; allowed programs: "
                        + String.join(", ", allowedPrograms.stream().sorted().toList()) + ".";
    }
}
