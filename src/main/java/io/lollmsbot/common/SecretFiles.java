package io.lollmsbot.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Secrets that lollmsbot generates once and keeps in its data directory (the embedded database's superuser password,
 * the audit chain's HMAC key): readable and writable by the owner only (0600), created atomically so two nodes or two
 * starts never write different values.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {}

    /** The secret in the file, or a new random one of the given number of bytes (base64url) written there first. */
    public static String readOrCreate(Path file, int randomBytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (!Files.exists(file)) {
                byte[] secret = new byte[randomBytes];
                RANDOM.nextBytes(secret);
                write(file, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
            }
            restrict(file);
            String secret = Files.readString(file).strip();
            if (secret.isEmpty()) {
                throw new IllegalStateException("The secret file " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("The secret file " + file + " cannot be read or created", e);
        }
    }

    private static void write(Path file, String secret) throws IOException {
        try {
            if (isPosix(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(file, secret, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Takes group and other permissions away from a file an earlier version or an operator created; file systems
     * without POSIX permissions keep their own access control.
     */
    private static void restrict(Path file) throws IOException {
        if (isPosix(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
