package io.lollmsbot.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The PostgreSQL server process of a data directory, found through the first line of its {@code postmaster.pid}. */
final class Postmaster {

    private Postmaster() {}

    /** Whether the process named by the data directory's {@code postmaster.pid} is alive. */
    static boolean running(Path dataDirectory) {
        return pid(dataDirectory)
                .flatMap(ProcessHandle::of)
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    static Optional<Long> pid(Path dataDirectory) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
