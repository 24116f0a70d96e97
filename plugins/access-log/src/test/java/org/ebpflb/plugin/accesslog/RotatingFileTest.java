package org.ebpflb.plugin.accesslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingFileTest {
    @TempDir
    Path dir;

    @Test
    void rotatesBeforeALineWouldPassTheSizeAndKeepsMaxFiles() throws IOException {
        Path log = dir.resolve("access.log");
        int lineBytes = 100;
        long maxSize = 4096;
        int linesPerFile = (int) (maxSize / lineBytes);
        int lines = linesPerFile * 5 + 7;
        try (RotatingFile f = new RotatingFile(log, maxSize, 3)) {
            for (int i = 0; i < lines; i++) {
                f.write(line(i, lineBytes));
            }
            assertEquals(5, f.rotations());
        }
        // newest first: access.log holds the last 7 lines, .1 .. .3 the full files before it; older ones are gone
        assertEquals(7, Files.readAllLines(log).size());
        for (int n = 1; n <= 3; n++) {
            List<String> got = Files.readAllLines(dir.resolve("access.log." + n));
            int first = linesPerFile * (5 - n);
            List<String> want = new ArrayList<>();
            for (int i = first; i < first + linesPerFile; i++) {
                want.add(new String(line(i, lineBytes), StandardCharsets.UTF_8).strip());
            }
            assertEquals(want, got, "access.log." + n);
            assertTrue(Files.size(dir.resolve("access.log." + n)) <= maxSize);
        }
        assertFalse(Files.exists(dir.resolve("access.log.4")));
    }

    @Test
    void appendsToAnExistingFile() throws IOException {
        Path log = dir.resolve("access.log");
        Files.writeString(log, "earlier\n");
        try (RotatingFile f = new RotatingFile(log, 4096, 2)) {
            f.write("later\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("earlier", "later"), Files.readAllLines(log));
    }

    private static byte[] line(int i, int bytes) {
        String head = "line " + i + " ";
        return (head + "x".repeat(bytes - head.length() - 1) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
