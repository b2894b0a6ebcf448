package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShellPolicyTest {

    private final ShellPolicy argvOnly = ShellPolicy.of("ls, echo,grep,,touch", false);

    @Test
    void simpleWordsAndQuotesBecomeArgv() {
        assertEquals(List.of("echo", "hello"), argvOnly.argv("echo hello"));
        assertEquals(List.of("echo", "a  b", "c"), argvOnly.argv("  echo\t'a  b'   c "));
        assertEquals(
                List.of("grep", "-n", "say \"hi\" \\ now", "f.txt"),
                argvOnly.argv("grep -n \"say \\\"hi\\\" \\\\ now\" f.txt"));
        assertEquals(List.of("echo", "a b", "x$y"), argvOnly.argv("echo a\\ b 'x$y'"));
        assertEquals(List.of("echo", "it's"), argvOnly.argv("echo \"it's\""));
        assertEquals(List.of("echo", ""), argvOnly.argv("echo ''"));
        assertEquals(List.of("echo", "ab"), argvOnly.argv("echo a\"b\""));
        assertEquals(List.of("touch", "x|y;z"), argvOnly.argv("touch 'x|y;z'"), "quoted operators are plain text");
        assertEquals(List.of("ls", "*.txt"), argvOnly.argv("ls *.txt"), "no glob expansion: there is no shell");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ls | grep x",
                "ls; rm -rf /workspace",
                "ls && echo",
                "echo hi > f",
                "cat < f",
                "echo $(id)",
                "echo `id`",
                "echo $HOME",
                "ls &",
                "(ls)",
                "ls\nrm x",
                "ls\recho"
            })
    void shellSyntaxIsRefusedWhenOff(String command) {
        ToolFailure failure = assertThrows(ToolFailure.class, () -> argvOnly.argv(command));
        assertTrue(failure.getMessage().startsWith("Shell syntax is not allowed"), failure::getMessage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rm -rf /", "sh -c ls", "/bin/ls", "./ls", "../usr/bin/ls", "python3 -c 1", "LS"})
    void programsOffTheAllowListAreRefused(String command) {
        ToolFailure failure = assertThrows(ToolFailure.class, () -> argvOnly.argv(command));
        assertTrue(failure.getMessage().startsWith("Program '"), failure::getMessage);
        assertTrue(failure.getMessage().contains("Allowed programs: echo, grep, ls, touch."), failure::getMessage);
    }

    @Test
    void quotingIsAllowedAroundAnAllowedProgram() {
        assertEquals(List.of("ls", "-l"), argvOnly.argv("'ls' -l"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "echo 'open", "echo \"open", "echo trailing\\", "echo nul\0byte"})
    void malformedCommandsAreErrors(String command) {
        assertThrows(ToolFailure.class, () -> argvOnly.argv(command));
    }

    @Test
    void longCommandsAreRefused() {
        assertThrows(ToolFailure.class, () -> argvOnly.argv("echo " + "a".repeat(ShellPolicy.MAX_COMMAND_CHARS)));
    }

    @Test
    void withShellSyntaxTheStringGoesToShAsOneArgument() {
        ShellPolicy shell = ShellPolicy.of("", true);
        assertEquals(List.of("/bin/sh", "-c", "ls | wc -l; echo $HOME"), shell.argv("ls | wc -l; echo $HOME"));
        assertTrue(shell.describe().contains("Shell syntax"));
    }

    @Test
    void anEmptyAllowListAllowsNothing() {
        assertThrows(ToolFailure.class, () -> ShellPolicy.of("", false).argv("ls"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sort --compress-program=sh big.txt",
                "sort --compress-prog sh big.txt",
                "sort -S 1k --compress=sh big.txt",
                "find . -exec cat {} ';'",
                "find . -execdir id ';'",
                "find . -ok rm {} ';'",
                "tar --to-command=sh -xf a.tar",
                "tar -Ish -cf a.tar .",
                "env id",
                "xargs id"
            })
    void programsAndOptionsThatRunAnotherProgramAreRefusedEvenWhenListed(String command) {
        ShellPolicy listed = ShellPolicy.of("sort,find,tar,env,xargs", false);
        ToolFailure refused = assertThrows(ToolFailure.class, () -> listed.argv(command));
        assertTrue(refused.getMessage().contains("runs"), refused.getMessage());
    }

    @Test
    void harmlessOptionsOfTheSameProgramsPass() {
        ShellPolicy listed = ShellPolicy.of("sort,find", false);
        assertEquals(List.of("sort", "--check", "-u", "f"), listed.argv("sort --check -u f"));
        assertEquals(
                List.of("find", ".", "-name", "*.txt", "-executable"), listed.argv("find . -name *.txt -executable"));
    }
}
