package org.ebpflb.plugin.sni.libc;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc calls of the splice relay: sockets owned by file descriptor, epoll, pipes and splice(2). Each returns -1
 * (or a negative count) with errno saved on failure; {@code org.ebpflb.plugin.sni.Syscalls} reads it.
 */
public interface Net {
    /** @param domain AF_INET or AF_INET6 @param type SOCK_STREAM and flags @param protocol 0 @return an fd or -1 */
    @SaveError
    int socket(int domain, int type, int protocol);

    /** @param fd a socket @param level level @param name option @param value its value @param length its size @return 0 or -1 */
    @SaveError
    int setsockopt(int fd, int level, int name, Pointer value, int length);

    /** @param fd a socket @param level level @param name option @param value out @param length in/out size @return 0 or -1 */
    @SaveError
    int getsockopt(int fd, int level, int name, Pointer value, Pointer length);

    /** @param fd a socket @param address a sockaddr @param length its size @return 0 or -1 */
    @SaveError
    int bind(int fd, Pointer address, int length);

    /** @param fd a bound socket @param backlog queue length @return 0 or -1 */
    @SaveError
    int listen(int fd, int backlog);

    /** @param fd a listening socket @param address out: the peer @param length in/out size @param flags SOCK_NONBLOCK... @return an fd or -1 */
    @SaveError
    int accept4(int fd, Pointer address, Pointer length, int flags);

    /** @param fd a socket @param address a sockaddr @param length its size @return 0 or -1 (EINPROGRESS when non-blocking) */
    @SaveError
    int connect(int fd, Pointer address, int length);

    /** @param fd a socket @param address out: its local address @param length in/out size @return 0 or -1 */
    @SaveError
    int getsockname(int fd, Pointer address, Pointer length);

    /** @param fd an fd @param buffer out @param count its size @return bytes read, 0 at end of stream, or -1 */
    @SaveError
    @ssize_t
    long read(int fd, Pointer buffer, @size_t long count);

    /** @param fd an fd @param buffer bytes @param count how many @return bytes written or -1 */
    @SaveError
    @ssize_t
    long write(int fd, Pointer buffer, @size_t long count);

    /** @param fd a socket @param how SHUT_WR @return 0 or -1 */
    @SaveError
    int shutdown(int fd, int how);

    /** @param fd an fd this process owns @return 0 or -1 */
    int close(int fd);

    /** @param fds out: read end, write end @param flags O_NONBLOCK | O_CLOEXEC @return 0 or -1 */
    @SaveError
    int pipe2(@Out int[] fds, int flags);

    /**
     * @param in source fd @param inOffset null @param out destination fd @param outOffset null @param length at most
     * @param flags SPLICE_F_MOVE | SPLICE_F_NONBLOCK
     * @return bytes moved, 0 at end of stream, or -1
     */
    @SaveError
    @ssize_t
    long splice(int in, Pointer inOffset, int out, Pointer outOffset, @size_t long length, int flags);

    /** @param flags EPOLL_CLOEXEC @return an epoll fd or -1 */
    @SaveError
    int epoll_create1(int flags);

    /** @param epoll the epoll fd @param op EPOLL_CTL_* @param fd the fd @param event a struct epoll_event @return 0 or -1 */
    @SaveError
    int epoll_ctl(int epoll, int op, int fd, Pointer event);

    /** @param epoll the epoll fd @param events out @param max their room @param timeout ms @return ready count or -1 */
    @SaveError
    int epoll_wait(int epoll, Pointer events, int max, int timeout);

    /** @param initial 0 @param flags EFD_NONBLOCK | EFD_CLOEXEC @return an fd or -1 */
    @SaveError
    int eventfd(int initial, int flags);

    /** @param errno an error number @return its text */
    String strerror(int errno);
}
