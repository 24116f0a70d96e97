package org.ebpflb.bpf.libbpf;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;

/**
 * The few libc calls the data plane needs: formatting libbpf's messages, error texts, mounting bpffs, asking an
 * interface's driver.
 */
public interface LibC {
    /**
     * @param buf output @param size its size @param format printf format @param args a va_list
     * @return characters that would have been written
     */
    int vsnprintf(@Out byte[] buf, @size_t long size, Pointer format, Pointer args);

    /** @param errno an error number @return its text */
    String strerror(int errno);

    /**
     * @param source "bpf" @param target mount point @param fstype "bpf" @param flags 0 @param data null
     * @return 0 or -1 with errno set
     */
    @SaveError
    int mount(String source, String target, String fstype, long flags, Pointer data);

    /** @param fd a file descriptor @return 0 or -1 */
    int close(int fd);

    /** @param name interface name @return its index in the calling thread's network namespace, 0 when absent */
    int if_nametoindex(String name);

    /**
     * @param domain AF_INET @param type SOCK_DGRAM | SOCK_CLOEXEC @param protocol 0
     * @return a socket in the calling thread's network namespace, or -1
     */
    int socket(int domain, int type, int protocol);

    /**
     * @param fd a socket @param request SIOCETHTOOL @param ifreq a struct ifreq
     * @return 0 or -1 with errno set
     */
    @SaveError
    int ioctl(int fd, long request, Pointer ifreq);
}
