package io.lollmsbot.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewSecretIsWrittenOwnerOnlyAndReadBackUnchanged() throws Exception {
        Path file = dir.resolve("nested/key");
        String secret = SecretFiles.readOrCreate(file, 32);

        assertEquals(43, secret.length(), "32 random bytes, base64url without padding");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(secret, SecretFiles.readOrCreate(file, 32), "the second start reads the same secret");
        assertNotEquals(secret, SecretFiles.readOrCreate(dir.resolve("other"), 32));
    }

    @Test
    void anExistingFileKeepsItsSecretAndLosesGroupAndOtherPermissions() throws Exception {
        Path file = dir.resolve("operator-made");
        Files.writeString(file, "operator-secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertEquals("operator-secret", SecretFiles.readOrCreate(file, 32));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anEmptyFileIsRefusedRatherThanUsedAsASecret() throws Exception {
        Path file = dir.resolve("empty");
        Files.createFile(file);

        assertThrows(IllegalStateException.class, () -> SecretFiles.readOrCreate(file, 32));
    }
}
