package org.ebpflb.plugin.accesslog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file rotated by size: before a write would take FILE past {@code maxSize}, FILE.(N-1) becomes FILE.N (the
 * oldest kept is FILE.maxFiles; older ones are deleted), ..., FILE becomes FILE.1, and a new FILE starts. Appends to an
 * existing FILE at start. Used by one thread.
 */
final class RotatingFile implements LineSink {
    private final Path file;
    private final long maxSize;
    private final int maxFiles;
    private OutputStream out;
    private long size;
    private volatile long rotations;

    RotatingFile(Path file, long maxSize, int maxFiles) throws IOException {
        this.file = file;
        this.maxSize = maxSize;
        this.maxFiles = maxFiles;
        open();
    }

    /** A line never spans two files. */
    @Override
    public void write(byte[] bytes) throws IOException {
        if (size > 0 && size + bytes.length > maxSize) {
            rotate();
        }
        out.write(bytes);
        size += bytes.length;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public long rotations() {
        return rotations;
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(numbered(maxFiles));
        for (int i = maxFiles - 1; i >= 1; i--) {
            if (Files.exists(numbered(i))) {
                Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        rotations = rotations + 1;
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(file);
    }

    private Path numbered(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
