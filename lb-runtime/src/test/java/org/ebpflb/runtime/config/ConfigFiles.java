package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Test configuration files under {@code src/test/resources/config/}, named the way an operator names them on the
 * command line (relative to the working directory), and their expected problem lines found by searching their text.
 */
final class ConfigFiles {
    private ConfigFiles() {
    }

    /** @return the file relative to the working directory, e.g. {@code target/test-classes/config/bad.conf} */
    static Path path(String name) {
        URL url = ConfigFiles.class.getResource("/config/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test file config/" + name);
        }
        try {
            return Path.of("").toAbsolutePath().relativize(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Git keeps no file mode but the executable bit, so a token file checked in is readable by others once copied
     * to the test classes; the token file rules refuse that.
     *
     * @param name a token file under {@code config/}
     * @return its path, made readable by its owner only
     */
    static Path ownerOnly(String name) {
        Path p = path(name);
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** @return the 1-based number of the one line of the file that contains {@code needle} */
    static int line(String name, String needle) {
        List<String> lines = lines(name);
        List<Integer> hits = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains(needle))
                .map(i -> i + 1).boxed().toList();
        assertEquals(1, hits.size(), () -> "expected exactly one line of " + name + " to contain '" + needle
                + "', found lines " + hits);
        return hits.get(0);
    }

    /** @return {@code FILE:LINE: message} with FILE as {@link #path} names it and LINE the line holding the needle */
    static String at(String name, String needle, String message) {
        return path(name) + ":" + line(name, needle) + ": " + message;
    }

    private static List<String> lines(String name) {
        try {
            return Files.readAllLines(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
