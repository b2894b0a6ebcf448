package io.lollmsbot.tools.control;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the model's command string becomes. By default it is split by {@link CommandLine} and its program must be a
 * bare name on the allow-list; the argv is then executed directly, never by a shell. Only when the admin allows shell
 * syntax is the string given to {@code /bin/sh -c}; the allow-list cannot bind a shell, so then the sandbox alone
 * is the boundary. Programs whose job is to run another program, and options that make an allowed program run
 * another one, are refused even when an admin put the program on the list: they would make the list meaningless.
 */
record ShellPolicy(Set<String> allowedPrograms, boolean shellSyntax) {

    static final int MAX_COMMAND_CHARS = 4096;

    /** Programs that exist to run another program given as an argument. */
    static final Set<String> RUNNERS = Set.of(
            "env",
            "xargs",
            "nice",
            "nohup",
            "timeout",
            "stdbuf",
            "setsid",
            "flock",
            "chroot",
            "unshare",
            "nsenter",
            "busybox",
            "time",
            "watch",
            "parallel",
            "sudo",
            "su",
            "runuser",
            "prlimit",
            "taskset",
            "ionice",
            "script");

    /**
     * Options with which a program runs another one. GNU long options may be abbreviated to any unambiguous prefix
     * ({@code --compress-prog=sh}), so a {@code --} option is refused when it is a prefix of one of these; single-dash
     * ones ({@code find}'s) must be written out in full.
     */
    static final Map<String, List<String>> RUNNING_OPTIONS = Map.of(
            "sort", List.of("--compress-program"),
            "find", List.of("-exec", "-execdir", "-ok", "-okdir"),
            "tar",
                    List.of(
                            "--to-command",
                            "--use-compress-program",
                            "--checkpoint-action",
                            "--info-script",
                            "--new-volume-script",
                            "--rsh-command",
                            "-I",
                            "-F"),
            "rsync", List.of("--rsh", "-e", "--rsync-path"),
            "less", List.of("--lesskey-file"),
            "man", List.of("--pager", "-P", "--html", "-H"),
            "git", List.of("-c", "--config-env", "--exec-path", "--upload-pack", "--receive-pack"),
            "zip", List.of("--unzip-command", "-TT"));

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
        if (RUNNERS.contains(program)) {
            throw new ToolFailure("Program '" + program + "' runs other programs, which the allow-list cannot check.");
        }
        for (String argument : argv.subList(1, argv.size())) {
            if (runsAnother(program, argument)) {
                throw new ToolFailure("Option '" + argument.split("=", 2)[0] + "' of '" + program
                        + "' runs another program, which the allow-list cannot check.");
            }
        }
        return argv;
    }

    static boolean runsAnother(String program, String argument) {
        String name = argument.split("=", 2)[0];
        for (String option : RUNNING_OPTIONS.getOrDefault(program, List.of())) {
            boolean abbreviated = option.startsWith("--") && name.length() > 2 && option.startsWith(name);
            boolean attached = !option.startsWith("--") && option.length() == 2 && name.startsWith(option);
            if (name.equals(option) || abbreviated || attached) {
                return true;
            }
        }
        return false;
    }

    String describe() {
        return shellSyntax
                ? "Shell syntax (pipes, ;, &&, redirects) is allowed."
                : "One program with arguments, no shell syntax; allowed programs: "
                        + String.join(", ", allowedPrograms.stream().sorted().toList()) + ".";
    }
}
