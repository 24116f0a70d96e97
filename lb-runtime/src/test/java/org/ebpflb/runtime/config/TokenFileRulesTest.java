package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token file that others can read, or a token anyone could guess, is refused. */
class TokenFileRulesTest {
    private static final String GOOD = "0123456789abcdef";

    @TempDir
    Path work;

    @Test
    void anOwnerOnlyFileWithSixteenBytesIsAccepted() throws Exception {
        assertEquals(Optional.empty(), TokenFileRules.problem(token(GOOD + "\n", "rw-------")));
        assertEquals(Optional.empty(), TokenFileRules.problem(token(GOOD, "rw-r-----")), "an operators' group may read");
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        assertEquals(Optional.of("can be read or changed by other users (mode rw-r--r--); chmod 600 it"),
                TokenFileRules.problem(token(GOOD, "rw-r--r--")));
        assertEquals(Optional.of("can be read or changed by other users (mode rw-rw----); chmod 600 it"),
                TokenFileRules.problem(token(GOOD, "rw-rw----")));
    }

    @Test
    void aShortTokenIsRefused() throws Exception {
        assertEquals(Optional.of("holds a token of 1 bytes; at least 16 are needed (e.g. openssl rand -hex 32 > FILE)"),
                TokenFileRules.problem(token("x\n", "rw-------")));
        assertEquals(Optional.of("is empty"), TokenFileRules.problem(token(" \n", "rw-------")));
    }

    private Path token(String text, String mode) throws Exception {
        Path p = Files.writeString(work.resolve("token-" + mode), text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }
}
