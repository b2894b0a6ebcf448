package io.lollmsbot.tools.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a path the model wrote into a file of one user's workspace, or refuses it. Paths are relative, use
 * {@code /}, and never contain {@code ..}; no symbolic link is followed anywhere along the path (only a link that
 * is itself the target of a delete may be named); what exists must really lie under the workspace's real path; and a
 * file with more than one hard link (which could be another file's second name) is neither read nor written.
 * Every refusal is a {@link ToolRefused} whose reason the model sees.
 */
final class WorkspaceJail {

    static final int MAX_PATH_CHARS = 1024;
    private static final int MAX_NAME_CHARS = 255;

    private final Path root;

    WorkspaceJail(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path root() {
        return root;
    }

    /** The workspace file {@code relative} names (the workspace itself for an empty path); it need not exist. */
    Path resolve(String relative) {
        return resolve(relative, false);
    }

    /** As {@link #resolve(String)}, but the last name may be a symbolic link (which is then not followed). */
    Path resolveLink(String relative) {
        return resolve(relative, true);
    }

    /** Refuses a file that has another name, possibly outside the workspace. */
    static void requireSingleLink(Path file) {
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    && ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue() > 1) {
                throw new ToolRefused("'" + file.getFileName() + "' has several hard links; it is not opened.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path resolve(String relative, boolean finalLinkAllowed) {
        List<String> names = names(relative == null ? "" : relative);
        Path current = root;
        for (int i = 0; i < names.size(); i++) {
            current = current.resolve(names.get(i));
            boolean last = i == names.size() - 1;
            if (Files.isSymbolicLink(current)) {
                if (last && finalLinkAllowed) {
                    return current;
                }
                throw new ToolRefused("'" + relative + "' goes through a symbolic link; links are not followed.");
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return requireInside(
                        current.getParent(), current.resolve(String.join("/", names.subList(i + 1, names.size()))));
            }
        }
        return requireInside(current, current);
    }

    /** Checks the real path of the deepest existing directory, which catches a workspace mounted or moved elsewhere. */
    private Path requireInside(Path existing, Path result) {
        try {
            if (!existing.toRealPath().startsWith(root) || !result.normalize().startsWith(root)) {
                throw new ToolRefused("The path leaves the workspace.");
            }
            return result.normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(String relative) {
        if (relative.length() > MAX_PATH_CHARS) {
            throw new ToolRefused("The path is longer than " + MAX_PATH_CHARS + " characters.");
        }
        if (relative.indexOf('\0') >= 0 || relative.indexOf('\\') >= 0) {
            throw new ToolRefused("The path must not contain NUL characters or backslashes; use / between names.");
        }
        if (relative.startsWith("/") || relative.startsWith("~")) {
            throw new ToolRefused("Absolute paths are not allowed: paths are relative to the workspace.");
        }
        List<String> names = new ArrayList<>();
        for (String name : relative.split("/")) {
            if (name.equals("..")) {
                throw new ToolRefused("'..' is not allowed in paths: everything stays inside the workspace.");
            }
            if (name.length() > MAX_NAME_CHARS) {
                throw new ToolRefused("A name in the path is longer than " + MAX_NAME_CHARS + " characters.");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return names;
    }
}
