package org.ebpflb.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.bpf.libbpf.BpfException;
import org.ebpflb.bpf.libbpf.BpfMap;
import org.ebpflb.bpf.libbpf.BpfObject;
import org.ebpflb.bpf.maps.LbMaps;

/**
 * The two data-plane programs loaded from this module's resources with one shared set of maps: the XDP object
 * creates the maps (or reuses the ones pinned in the pin directory), the TC object reuses the XDP object's maps.
 */
public final class LbPrograms implements AutoCloseable {
    /** The XDP program's function name (and kernel name). */
    public static final String XDP_PROGRAM = "lb_xdp_ingress";
    /** The tc program's function name. */
    public static final String TC_PROGRAM = "lb_tc_egress";

    /**
     * Sizes fixed when maps are created.
     *
     * @param conntrackEntries lb_conntrack entries (two per connection)
     * @param maglevSlots lb_maglev slots shared by every table
     * @param sourceBuckets lb_rl_sources entries: per-source rate-limit buckets of all services
     */
    public record Sizes(int conntrackEntries, int maglevSlots, int sourceBuckets) {
        /** LB_RL_SOURCE_BUCKETS: the per-source buckets when the settings name no other number. */
        public static final int DEFAULT_SOURCE_BUCKETS = 65536;

        /** Validates. */
        public Sizes {
            if (conntrackEntries < 2 || maglevSlots < 1 || sourceBuckets < 1) {
                throw new IllegalArgumentException("map sizes must be positive: " + conntrackEntries + ", " + maglevSlots
                        + ", " + sourceBuckets);
            }
        }

        /** @param conntrackEntries lb_conntrack entries @param maglevSlots lb_maglev slots */
        public Sizes(int conntrackEntries, int maglevSlots) {
            this(conntrackEntries, maglevSlots, DEFAULT_SOURCE_BUCKETS);
        }
    }

    private final BpfObject xdp;
    private final BpfObject tc;
    private final Map<String, BpfMap> maps = new HashMap<>();
    private final LbMaps typed;

    private LbPrograms(BpfObject xdp, BpfObject tc) {
        this.xdp = xdp;
        this.tc = tc;
        for (String name : LbMaps.NAMES) {
            maps.put(name, xdp.map(name));
        }
        this.typed = new LbMaps(maps::get);
    }

    /**
     * @param sizes map sizes for maps created now (pinned maps keep theirs)
     * @param pinDir where maps are pinned and reused, empty for unpinned maps that die with this object
     * @return the loaded programs
     */
    public static LbPrograms load(Sizes sizes, Optional<Path> pinDir) {
        BpfObject xdp = BpfObject.open("lb_xdp", resource("xdp_ingress.bpf.o"));
        BpfObject tc = null;
        try {
            xdp.setMaxEntries("lb_conntrack", sizes.conntrackEntries());
            xdp.setMaxEntries("lb_maglev", sizes.maglevSlots());
            xdp.setMaxEntries("lb_rl_sources", sizes.sourceBuckets());
            pinDir.ifPresent(dir -> {
                for (String name : LbMaps.NAMES) {
                    xdp.setPinPath(name, dir.resolve(name).toString());
                }
            });
            try {
                xdp.load();
            } catch (BpfException e) {
                throw pinDir.isPresent() && e.errno() == BpfException.EINVAL
                        ? new IllegalStateException("cannot load the data plane with the maps pinned in " + pinDir.get()
                                + " (a different size or layout from an older version?). `lb stop --detach` removes "
                                + "them, which drops existing connections", e)
                        : e;
            }
            tc = BpfObject.open("lb_tc", resource("tc_egress.bpf.o"));
            for (String name : tc.mapNames()) {
                tc.reuseMap(name, xdp.map(name).fd());
            }
            tc.load();
            return new LbPrograms(xdp, tc);
        } catch (RuntimeException e) {
            if (tc != null) {
                tc.close();
            }
            xdp.close();
            throw e;
        }
    }

    /** @return the XDP program fd */
    public int xdpFd() {
        return xdp.programFd(XDP_PROGRAM);
    }

    /** @return the tc program fd */
    public int tcFd() {
        return tc.programFd(TC_PROGRAM);
    }

    /** @param name a map name from lb_maps.h @return the map */
    public BpfMap map(String name) {
        BpfMap m = maps.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no map " + name);
        }
        return m;
    }

    /** @return typed access to the maps */
    public LbMaps maps() {
        return typed;
    }

    @Override
    public void close() {
        tc.close();
        xdp.close();
    }

    /** @param name a resource next to this class @return its bytes */
    static byte[] resource(String name) {
        try (InputStream in = LbPrograms.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the lb-bpf jar (was clang run by the build?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
