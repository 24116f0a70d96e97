package org.ebpflb.bpf;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ebpflb.bpf.libbpf.BpfException;
import org.ebpflb.bpf.libbpf.Fds;
import org.ebpflb.bpf.libbpf.NetDevices;
import org.ebpflb.bpf.libbpf.Tc;
import org.ebpflb.bpf.libbpf.Xdp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The programs' attachments in the calling thread's network namespace. A program is this instance's when it uses
 * the instance's pinned conntrack map; replacing is atomic (XDP_FLAGS_REPLACE, BPF_TC_F_REPLACE) so a restart
 * never leaves an interface without the data plane. An interface runs one owner's programs: attaching where another
 * program runs (another ebpf-lb instance's, or one whose pins are gone) is refused unless taking over was asked for,
 * and a program that is not ebpf-lb's is never replaced.
 */
final class Attachments {
    /** tc filter identity (LB_TC_HANDLE / LB_TC_PRIORITY in lb_consts.h). */
    static final int TC_HANDLE = 0xeb1b;
    static final int TC_PRIORITY = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Attachments.class);
    private static final String VETH = "veth";

    private final int xdpFd;
    private final int tcFd;
    private final int ctMapId;
    private final XdpMode mode;
    private final boolean takeOver;
    /** interface -> how XDP runs there, e.g. {@code native} or {@code generic (auto on a veth)} */
    private final Map<String, String> attached = new LinkedHashMap<>();

    Attachments(int xdpFd, int tcFd, int ctMapId, XdpMode mode, boolean takeOver) {
        this.xdpFd = xdpFd;
        this.tcFd = tcFd;
        this.ctMapId = ctMapId;
        this.mode = mode;
        this.takeOver = takeOver;
    }

    /** @return interface -> XDP mode of what this object attached or replaced, with why when auto chose it */
    Map<String, String> attached() {
        return Map.copyOf(attached);
    }

    /**
     * At start: detaches this instance from interfaces no installed service lists any more (a run killed between
     * attach and bookkeeping, say) and replaces its programs in place on the listed ones.
     *
     * @param listed the interfaces the installed services listen on
     */
    void adopt(Set<String> listed) {
        for (String iface : scan()) {
            if (!listed.contains(iface)) {
                LOG.info("{}: no installed service lists it any more; detaching", iface);
                detach(iface);
            }
        }
        for (String iface : listed) {
            if (HostNetwork.ifindex(iface) == 0) {
                LOG.warn("{}: listed by an installed service but missing; attached when it is applied again", iface);
            } else {
                attach(iface);
            }
        }
        HostNetwork.ensureForwarding(List.copyOf(listed));
    }

    /**
     * After a service changed: attaches to newly listed interfaces and detaches from the ones it no longer lists.
     *
     * @param listed the interfaces the installed services listen on now
     * @param previous the interfaces the changed service listened on before
     */
    void follow(Set<String> listed, List<String> previous) {
        Set<String> before = Set.copyOf(attached.keySet());
        for (String iface : listed) {
            if (!before.contains(iface)) {
                attach(iface);
            }
        }
        for (String iface : previous) {
            if (!listed.contains(iface)) {
                detach(iface);
            }
        }
        if (!before.containsAll(listed)) {
            HostNetwork.ensureForwarding(List.copyOf(listed));
        }
    }

    /** Attaches both programs to an interface, or replaces the ones there in place. */
    void attach(String iface) {
        int ifindex = HostNetwork.ifindex(iface);
        if (ifindex == 0) {
            throw new IllegalArgumentException("interface " + iface + " does not exist in this network namespace");
        }
        Xdp.Attached now = Xdp.query(ifindex);
        if (now.programId() != 0) {
            Fds.ProgramInfo info = Fds.programInfo(now.programId());
            if (!info.usesMap(ctMapId) && !info.name().equals(LbPrograms.XDP_PROGRAM)) {
                throw new IllegalStateException("interface " + iface + " already runs XDP program '" + info.name()
                        + "' (id " + info.id() + ") that is not ebpf-lb's; detach it first");
            }
            if (!info.usesMap(ctMapId)) {
                refuseUnlessTakingOver(iface, "XDP", info.id());
            }
        }
        int tc = Tc.queryEgress(ifindex, TC_HANDLE, TC_PRIORITY);
        if (tc != 0 && !owned(tc, ctMapId)) {
            refuseUnlessTakingOver(iface, "tc egress", tc);
        }
        // checked both before changing either, so a refusal leaves the interface as it was
        String used = now.programId() != 0 ? name(replaceXdp(iface, ifindex, now)) : attachXdp(iface, ifindex);
        Tc.attachEgress(ifindex, tcFd, TC_HANDLE, TC_PRIORITY);
        attached.put(iface, used);
        LOG.info("{}: XDP ({}) and tc egress attached", iface, used);
    }

    private void refuseUnlessTakingOver(String iface, String hook, int programId) {
        if (!takeOver) {
            throw new IllegalStateException("interface " + iface + " already runs the " + hook + " program (id "
                    + programId + ") of another ebpf-lb instance, or of a run whose pinned maps are gone; stop that "
                    + "instance ('lb stop --detach' with its configuration), or take the interface over with "
                    + "'lb run --take-over'");
        }
        LOG.warn("{}: taking over: replacing the {} program (id {}) of another ebpf-lb instance or an older run",
                iface, hook, programId);
    }

    /** Detaches this instance's programs from an interface; a vanished interface took them along. */
    void detach(String iface) {
        attached.remove(iface);
        int ifindex = HostNetwork.ifindex(iface);
        if (ifindex != 0) {
            detachOwned(iface, ifindex, ctMapId);
        }
    }

    /** @return interfaces of this namespace where this instance's programs are attached */
    Set<String> scan() {
        return scan(ctMapId);
    }

    static Set<String> scan(int ctMapId) {
        Set<String> found = new LinkedHashSet<>();
        for (String iface : HostNetwork.interfaces()) {
            int ifindex = HostNetwork.ifindex(iface);
            if (ifindex == 0) {
                continue;
            }
            Xdp.Attached x = Xdp.query(ifindex);
            int tc = Tc.queryEgress(ifindex, TC_HANDLE, TC_PRIORITY);
            if ((x.programId() != 0 && owned(x.programId(), ctMapId)) || (tc != 0 && owned(tc, ctMapId))) {
                found.add(iface);
            }
        }
        return found;
    }

    static void detachOwned(String iface, int ifindex, int ctMapId) {
        Xdp.Attached x = Xdp.query(ifindex);
        if (x.programId() != 0 && owned(x.programId(), ctMapId)) {
            Xdp.detach(ifindex, x.mode());
            LOG.info("{}: XDP program {} detached", iface, x.programId());
        }
        int tc = Tc.queryEgress(ifindex, TC_HANDLE, TC_PRIORITY);
        if (tc != 0 && owned(tc, ctMapId)) {
            Tc.detachEgress(ifindex, TC_HANDLE, TC_PRIORITY);
            LOG.info("{}: tc egress program {} detached", iface, tc);
        }
    }

    private static boolean owned(int programId, int ctMapId) {
        try {
            return Fds.programInfo(programId).usesMap(ctMapId);
        } catch (BpfException e) {
            return false; // unloaded between query and lookup
        }
    }

    private Xdp.Mode replaceXdp(String iface, int ifindex, Xdp.Attached now) {
        Xdp.Mode want = switch (mode) {
            case AUTO -> now.mode();
            case NATIVE -> Xdp.Mode.NATIVE;
            case GENERIC -> Xdp.Mode.GENERIC;
        };
        if (want != now.mode()) {
            LOG.warn("{}: XDP mode changes from {} to {}: detaching first, packets pass unbalanced for a moment",
                    iface, now.mode(), want);
            Xdp.detach(ifindex, now.mode());
            Xdp.attach(ifindex, xdpFd, want, -1);
            return want;
        }
        int old = Fds.programById(now.programId());
        try {
            Xdp.attach(ifindex, xdpFd, want, old);
        } finally {
            Fds.close(old);
        }
        return want;
    }

    /** @return how XDP runs on the interface now, with auto's reason where it did not pick native */
    private String attachXdp(String iface, int ifindex) {
        if (mode == XdpMode.GENERIC) {
            Xdp.attach(ifindex, xdpFd, Xdp.Mode.GENERIC, -1);
            return name(Xdp.Mode.GENERIC);
        }
        // Native XDP on a veth turns TSO off on its peer, so every upload through it is cut into MTU-sized packets:
        // uploads ran at a third of the generic mode's rate on this kind of device (docs/PERFORMANCE.md, "End to end").
        if (mode == XdpMode.AUTO && NetDevices.driver(iface).filter(VETH::equals).isPresent()) {
            Xdp.attach(ifindex, xdpFd, Xdp.Mode.GENERIC, -1);
            return name(Xdp.Mode.GENERIC) + " (auto on a veth)";
        }
        try {
            Xdp.attach(ifindex, xdpFd, Xdp.Mode.NATIVE, -1);
            return name(Xdp.Mode.NATIVE);
        } catch (BpfException e) {
            if (mode == XdpMode.NATIVE) {
                throw e;
            }
            LOG.info("{}: native XDP refused ({}), using generic", iface, e.getMessage());
            Xdp.attach(ifindex, xdpFd, Xdp.Mode.GENERIC, -1);
            return name(Xdp.Mode.GENERIC) + " (auto: native refused)";
        }
    }

    private static String name(Xdp.Mode m) {
        return m.name().toLowerCase(Locale.ROOT);
    }
}
