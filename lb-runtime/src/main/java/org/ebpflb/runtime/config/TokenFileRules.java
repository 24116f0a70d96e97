package org.ebpflb.runtime.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What makes an admin token file usable: a regular, readable file that other users can neither read nor change,
 * holding a token of at least {@value #MIN_LENGTH} bytes (surrounding whitespace does not count). Checked when the
 * configuration is validated and again when the admin API starts.
 */
public final class TokenFileRules {
    /** The shortest token accepted, in bytes: 16 random bytes, or more as hex or base64. */
    public static final int MIN_LENGTH = 16;

    private static final Set<PosixFilePermission> TOO_OPEN = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.GROUP_WRITE);

    private TokenFileRules() {
    }

    /**
     * @param file the token file
     * @return why it cannot be used, empty when it can
     */
    public static Optional<String> problem(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.of("does not exist or is not a regular file");
            }
            if (!Files.isReadable(file)) {
                return Optional.of("is not readable");
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(TOO_OPEN::contains)) {
                return Optional.of("can be read or changed by other users (mode " + PosixFilePermissions.toString(mode)
                        + "); chmod 600 it");
            }
            int length = Files.readString(file, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8).length;
            if (length == 0) {
                return Optional.of("is empty");
            }
            if (length < MIN_LENGTH) {
                return Optional.of("holds a token of " + length + " bytes; at least " + MIN_LENGTH + " are needed "
                        + "(e.g. openssl rand -hex 32 > FILE)");
            }
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }
}
