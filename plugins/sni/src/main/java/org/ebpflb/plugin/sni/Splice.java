package org.ebpflb.plugin.sni;

import static org.ebpflb.plugin.sni.Syscalls.EAGAIN;
import static org.ebpflb.plugin.sni.Syscalls.NET;
import static org.ebpflb.plugin.sni.Syscalls.SHUT_WR;
import static org.ebpflb.plugin.sni.Syscalls.SPLICE_MOVE_NONBLOCK;

import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of a relayed connection: splice(2) from the source socket into a pipe and from the pipe into the
 * destination socket, never copying into user space. At most a pipe's worth (64 KiB) is in flight: while the
 * destination does not take bytes the source is not read, so its TCP window closes (backpressure). The source's end
 * of stream becomes a half-close of the destination once the pipe is empty.
 */
final class Splice {
    private static final long PIPE_BYTES = 64 * 1024;

    private final int from;
    private final int to;
    private final int[] pipe;
    private final LongAdder bytes;
    private long inPipe;
    private boolean readable;
    private boolean writable = true;
    private boolean ended;
    private boolean shut;

    /**
     * @param from the source socket
     * @param to the destination socket
     * @param pipe an empty pipe of the caller's
     * @param bytes counts what reaches the destination
     * @param readable whether the source may hold bytes that came without an event of the relay's
     */
    Splice(int from, int to, int[] pipe, LongAdder bytes, boolean readable) {
        this.readable = readable;
        this.from = from;
        this.to = to;
        this.pipe = pipe;
        this.bytes = bytes;
    }

    /** The source has news (an edge-triggered event: bytes, end of stream or an error): read it again. */
    void readable() {
        readable = true;
    }

    /** The destination has room again (an edge-triggered event): write to it again. */
    void writable() {
        writable = true;
    }

    /**
     * Moves what can move now without blocking; tries only a side with news since its last EAGAIN, so an event for
     * one socket costs no call for the other.
     *
     * @return whether a byte moved or the end of stream was passed on, or {@code -errno} when a socket failed (reset,
     *     say): the connection cannot finish
     */
    int move() {
        int moved = 0;
        while (true) {
            boolean progress = false;
            if (writable && inPipe > 0) {
                long n = Syscalls.orErrno(NET.splice(pipe[0], null, to, null, inPipe, SPLICE_MOVE_NONBLOCK));
                if (n > 0) {
                    inPipe -= n;
                    bytes.add(n);
                    progress = true;
                } else if (n == -EAGAIN) {
                    writable = false;
                } else {
                    return (int) n;
                }
            }
            if (readable && !ended && inPipe < PIPE_BYTES) {
                long n = Syscalls.orErrno(NET.splice(from, null, pipe[1], null, PIPE_BYTES - inPipe,
                        SPLICE_MOVE_NONBLOCK));
                if (n > 0) {
                    inPipe += n;
                    progress = true;
                } else if (n == 0) {
                    ended = true;
                    progress = true;
                } else if (n == -EAGAIN) {
                    // with bytes in the pipe EAGAIN may mean a full pipe: read again once it drained
                    readable = inPipe > 0;
                } else {
                    return (int) n;
                }
            }
            if (ended && inPipe == 0 && !shut) {
                NET.shutdown(to, SHUT_WR); // a peer already gone shows at the other direction's next splice
                shut = true;
                progress = true;
            }
            if (!progress) {
                return moved;
            }
            moved = 1;
        }
    }

    /** @return whether the source ended and everything was passed on, half-close included */
    boolean done() {
        return shut;
    }

    /** @return the pipe, for the pool when {@link #empty()} */
    int[] pipe() {
        return pipe;
    }

    /** @return whether no byte waits in the pipe */
    boolean empty() {
        return inPipe == 0;
    }
}
