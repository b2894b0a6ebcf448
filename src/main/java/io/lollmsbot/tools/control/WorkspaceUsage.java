package io.lollmsbot.tools.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;

/**
 * Files and bytes in a workspace now (links are counted, never followed): the quota that the filesystem tool checks
 * before a write and the shell tool before a command.
 */
record WorkspaceUsage(long files, long bytes) {

    static final String MAX_TOTAL_BYTES = "lollmsbot.tools.filesystem.max-total-bytes";
    static final String MAX_FILES = "lollmsbot.tools.filesystem.max-files";

    static long maxBytes(Config config) {
        return config.getValue(MAX_TOTAL_BYTES, Long.class);
    }

    static int maxFiles(Config config) {
        return config.getValue(MAX_FILES, Integer.class);
    }

    /** Whether another command may run: the workspace is below both limits (a command cannot be sized beforehand). */
    boolean roomLeft(Config config) {
        return bytes < maxBytes(config) && files < maxFiles(config);
    }

    static WorkspaceUsage of(Path root) throws IOException {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return new WorkspaceUsage(0, 0);
        }
        long[] totals = new long[2];
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> !p.equals(root) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .forEach(p -> {
                        totals[0]++;
                        try {
                            totals[1] += Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        }
        return new WorkspaceUsage(totals[0], totals[1]);
    }
}
