package io.lollmsbot.tools.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command into argv the way a shell would for simple commands, and refuses everything else: words are
 * separated by blanks; {@code '...'} is literal; in {@code "..."} a backslash escapes {@code "} and {@code \};
 * outside quotes a backslash escapes the next character. Unquoted operators a shell would interpret (pipes,
 * {@code ;}, {@code &}, redirects, substitutions, subshells, newlines) are refused, never passed on.
 */
final class CommandLine {

    private static final String OPERATORS = "|;&<>()$`\n\r";

    private CommandLine() {}

    static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new ToolFailure("Unterminated ' quote in the command.");
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(command, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 == command.length()) {
                    throw new ToolFailure("The command ends with a lone backslash.");
                }
                word.append(command.charAt(++i));
                inWord = true;
            } else if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (OPERATORS.indexOf(c) >= 0) {
                throw new ToolFailure("Shell syntax is not allowed here (found '" + printable(c)
                        + "'): give one program and its arguments; pipes, ;, &&, redirects and substitutions are off.");
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the quoted text starting at {@code from} and returns the index of the closing quote. */
    private static int doubleQuoted(String command, int from, StringBuilder word) {
        for (int i = from; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\'
                    && i + 1 < command.length()
                    && (command.charAt(i + 1) == '"' || command.charAt(i + 1) == '\\')) {
                c = command.charAt(++i);
            }
            word.append(c);
        }
        throw new ToolFailure("Unterminated \" quote in the command.");
    }

    private static String printable(char c) {
        return c == '\n' ? "\\n" : c == '\r' ? "\\r" : String.valueOf(c);
    }
}
