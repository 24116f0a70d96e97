package org.ebpflb.plugin.sni;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import org.ebpflb.plugin.sni.libc.Net;

/**
 * Linux constants of {@link Net}, errno, the sockaddr and epoll_event layouts (the same on x86-64 and arm64 except
 * epoll_event, packed on x86-64). Failing calls give {@code -errno} to the hot paths and an {@link IOException} to
 * the setup ones.
 */
final class Syscalls {
    static final Net NET = LibraryLoader.create(Net.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(NET);

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_STREAM = 1;
    static final int NONBLOCK = 0x800; // SOCK_NONBLOCK, O_NONBLOCK, EFD_NONBLOCK
    static final int CLOEXEC = 0x80000; // SOCK_CLOEXEC, O_CLOEXEC, EFD_CLOEXEC, EPOLL_CLOEXEC
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEADDR = 2;
    static final int SO_ERROR = 4;
    static final int IPPROTO_TCP = 6;
    static final int TCP_NODELAY = 1;
    static final int SHUT_WR = 1;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EINPROGRESS = 115;
    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLLIN = 0x1;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLET = 1 << 31;
    static final int EPOLLEXCLUSIVE = 1 << 28;
    static final int SPLICE_MOVE_NONBLOCK = 1 | 2;
    /** struct epoll_event { u32 events; u64 data; }: packed on x86-64 only */
    static final int EPOLL_EVENT_SIZE = Platform.getNativePlatform().getCPU() == Platform.CPU.X86_64 ? 12 : 16;
    static final int EPOLL_DATA_OFFSET = EPOLL_EVENT_SIZE - 8;
    /** room for a sockaddr_in6 */
    static final int SOCKADDR_SIZE = 28;

    private Syscalls() {
    }

    /** @param bytes size @return native memory owned by the caller's thread of work */
    static Pointer allocate(int bytes) {
        return jnr.ffi.Memory.allocateDirect(RUNTIME, bytes, true);
    }

    /** @return the errno of this thread's last failed call of {@link Net} */
    static int errno() {
        return RUNTIME.getLastError();
    }

    /** @param result a call's result @return it, or {@code -errno} when negative */
    static long orErrno(long result) {
        return result < 0 ? -errno() : result;
    }

    /** @param result a setup call's result @param what the call @return the result @throws IOException when negative */
    static int check(int result, String what) throws IOException {
        if (result < 0) {
            int errno = errno();
            throw new IOException(what + ": " + NET.strerror(errno) + " (errno " + errno + ")");
        }
        return result;
    }

    /** @param errno a positive error number @return its text */
    static String text(int errno) {
        return NET.strerror(errno);
    }

    /** @param fd an fd this process owns, or -1 */
    static void close(int fd) {
        if (fd >= 0) {
            NET.close(fd);
        }
    }

    /**
     * @param address an address and port
     * @param out where the sockaddr is written
     * @return its length
     */
    static int sockaddr(InetSocketAddress address, Pointer out) {
        byte[] ip = address.getAddress().getAddress();
        out.putShort(0, (short) (ip.length == 4 ? AF_INET : AF_INET6));
        out.putByte(2, (byte) (address.getPort() >> 8));
        out.putByte(3, (byte) address.getPort());
        if (ip.length == 4) {
            out.put(4, ip, 0, 4);
            out.putLong(8, 0);
            return 16;
        }
        out.putInt(4, 0);
        out.put(8, ip, 0, 16);
        out.putInt(24, 0);
        return SOCKADDR_SIZE;
    }

    /** @param in a sockaddr_in or sockaddr_in6 @return its address and port */
    static InetSocketAddress sockaddr(Pointer in) {
        int family = in.getShort(0);
        byte[] ip = new byte[family == AF_INET ? 4 : 16];
        in.get(family == AF_INET ? 4 : 8, ip, 0, ip.length);
        int port = (in.getByte(2) & 0xff) << 8 | in.getByte(3) & 0xff;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("the kernel gave an address of " + ip.length + " bytes", e);
        }
    }

    /** @param fd a socket @param level level @param name option @param value an int value @param scratch 4 bytes */
    static void setInt(int fd, int level, int name, int value, Pointer scratch) {
        scratch.putInt(0, value);
        NET.setsockopt(fd, level, name, scratch, 4);
    }
}
