package io.lollmsbot.tools.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceJailTest {

    @TempDir
    Path temp;

    private Path outside;
    private WorkspaceJail jail;

    @BeforeEach
    void workspaceBesideASecret() throws IOException {
        outside = Files.writeString(temp.resolve("secret.txt"), "outside");
        jail = new WorkspaceJail(temp.resolve("workspaces/7"));
    }

    @Test
    void relativePathsStayInTheWorkspace() {
        assertEquals(jail.root().resolve("notes/a.txt"), jail.resolve("notes/a.txt"));
        assertEquals(jail.root().resolve("notes/a.txt"), jail.resolve("./notes//a.txt"));
        assertEquals(jail.root(), jail.resolve(""));
        assertEquals(jail.root(), jail.resolve("."));
    }

    @Test
    void traversalIsRefused() {
        refused("../secret.txt", "'..'");
        refused("notes/../../secret.txt", "'..'");
        refused("..", "'..'");
    }

    @Test
    void absoluteAndOddPathsAreRefused() {
        refused("/etc/passwd", "Absolute");
        refused(outside.toString(), "Absolute");
        refused("~/x", "Absolute");
        refused("a\\..\\b", "backslash");
        refused("a\0b", "NUL");
        refused("x".repeat(WorkspaceJail.MAX_PATH_CHARS + 1), "longer");
        refused("y".repeat(256), "longer");
    }

    @Test
    void aSymbolicLinkToAFileOutsideIsNeverFollowed() throws IOException {
        Files.createSymbolicLink(jail.root().resolve("escape.txt"), outside);
        refused("escape.txt", "symbolic link");
    }

    @Test
    void aSymbolicLinkedDirectoryIsNeverFollowed() throws IOException {
        Files.createSymbolicLink(jail.root().resolve("up"), temp);
        refused("up/secret.txt", "symbolic link");
        refused("up/new-file.txt", "symbolic link");
    }

    @Test
    void evenALinkInsideTheWorkspaceIsNotFollowedButMayBeNamedForDeletion() throws IOException {
        Files.writeString(jail.root().resolve("real.txt"), "in");
        Path link = Files.createSymbolicLink(
                jail.root().resolve("alias.txt"), jail.root().resolve("real.txt"));
        refused("alias.txt", "symbolic link");
        assertEquals(link, jail.resolveLink("alias.txt"));
    }

    @Test
    void aHardLinkToAFileOutsideIsRefused() throws IOException {
        Path link = Files.createLink(jail.root().resolve("hard.txt"), outside);
        assertEquals(link, jail.resolve("hard.txt"));
        ToolRefused refused = assertThrows(ToolRefused.class, () -> WorkspaceJail.requireSingleLink(link));
        assertTrue(refused.getMessage().contains("hard links"), refused::getMessage);
    }

    @Test
    void anOrdinaryFileHasOneLink() throws IOException {
        Path file = Files.writeString(jail.root().resolve("plain.txt"), "x");
        WorkspaceJail.requireSingleLink(file);
        WorkspaceJail.requireSingleLink(jail.root().resolve("missing.txt"));
    }

    private void refused(String path, String reason) {
        ToolRefused refused = assertThrows(ToolRefused.class, () -> jail.resolve(path), path);
        assertTrue(refused.reason().orElseThrow().contains(reason), refused::getMessage);
    }
}
