package org.ebpflb.bpf.libbpf;

/** A libbpf or bpf(2) call failed; carries the errno so callers can react to ENOENT, EEXIST and the like. */
public final class BpfException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** ENOENT */
    public static final int ENOENT = 2;
    /** EEXIST */
    public static final int EEXIST = 17;
    /** EINVAL */
    public static final int EINVAL = 22;

    private final int errno;

    /**
     * @param what the call and its subject, e.g. "bpf_map_update_elem(lb_groups)"
     * @param errno the positive error number
     * @param text strerror's text
     */
    public BpfException(String what, int errno, String text) {
        super(what + ": " + text + " (errno " + errno + ")");
        this.errno = errno;
    }

    /** @return the positive error number */
    public int errno() {
        return errno;
    }
}
