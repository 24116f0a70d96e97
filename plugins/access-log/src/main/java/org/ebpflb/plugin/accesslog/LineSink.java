package org.ebpflb.plugin.accesslog;

import java.io.IOException;
import java.io.PrintStream;

/** Where the writer puts lines: a {@link RotatingFile} or standard output. Used by the writer's thread only. */
interface LineSink extends AutoCloseable {
    /** @param line one line, newline included */
    void write(byte[] line) throws IOException;

    /** Pushes buffered lines out; called whenever the queue runs empty. */
    void flush() throws IOException;

    /** @return files rotated since start */
    long rotations();

    @Override
    void close() throws IOException;

    /** @param out standard output @return a sink writing there, never rotated, never closed */
    static LineSink stdout(PrintStream out) {
        return new LineSink() {
            @Override
            public void write(byte[] line) {
                out.write(line, 0, line.length);
            }

            @Override
            public void flush() {
                out.flush();
            }

            @Override
            public long rotations() {
                return 0;
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
