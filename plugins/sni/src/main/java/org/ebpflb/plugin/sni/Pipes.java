package org.ebpflb.plugin.sni;

import static org.ebpflb.plugin.sni.Syscalls.CLOEXEC;
import static org.ebpflb.plugin.sni.Syscalls.NET;
import static org.ebpflb.plugin.sni.Syscalls.NONBLOCK;

import java.io.IOException;
import java.util.ArrayDeque;

/**
 * Empty pipes for splice(2), kept for the next connection (two pipe2 and four close calls fewer per connection). Used
 * by one event loop thread only.
 */
final class Pipes implements AutoCloseable {
    /** The pipes kept: enough for the connections of a busy second, bounded so an idle listener holds few fds. */
    private static final int KEEP = 64;

    private final ArrayDeque<int[]> free = new ArrayDeque<>();

    /** @return an empty pipe: read end, write end @throws IOException out of file descriptors, say */
    int[] take() throws IOException {
        int[] pipe = free.poll();
        if (pipe != null) {
            return pipe;
        }
        pipe = new int[2];
        Syscalls.check(NET.pipe2(pipe, NONBLOCK | CLOEXEC), "pipe2");
        return pipe;
    }

    /** @param pipe a pipe from {@link #take()}, or null @param empty whether no byte is left in it */
    void give(int[] pipe, boolean empty) {
        if (pipe == null) {
            return;
        }
        if (empty && free.size() < KEEP) {
            free.push(pipe);
        } else {
            Syscalls.close(pipe[0]);
            Syscalls.close(pipe[1]);
        }
    }

    @Override
    public void close() {
        free.forEach(p -> give(p, false));
        free.clear();
    }
}
