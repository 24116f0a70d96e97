package org.ebpflb.bpf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
     * What the maps hold, fixed when they are created (pinned maps keep theirs). Ids start at 1, so an id-indexed map
     * has one entry more than its capacity.
     *
     * @param services services installed at once
     * @param groups target groups: a service's default targets and each of its source routes
     * @param backends targets, counted once per service that lists them
     * @param sourceRoutes source routes of all services
     * @param tableSlots Maglev slots of every table, both halves: a group needs twice its table size
     * @param connections entries of the confirmed conntrack table: one per connection, two for a connection with a
     *     reverse entry (a target several service addresses share, a service on any address)
     * @param halfOpen entries of the half-open table, counted as for connections
     * @param rateLimitBuckets per-source rate-limit buckets of all services (lb_rl_sources)
     * @param eventRingBytes size of the connection-event ring buffer: a power of two of at least a page
     */
    public record Sizes(int services, int groups, int backends, int sourceRoutes, int tableSlots, int connections,
                        int halfOpen, int rateLimitBuckets, int eventRingBytes) {
        /** The most entries one conntrack map is given. */
        public static final int MAX_CONNECTIONS = Integer.MAX_VALUE / 2;
        /** The most entries an id-indexed map (services, groups, backends) takes; lb_tables has two per group. */
        public static final int MAX_IDS = Integer.MAX_VALUE / 2 - 1;
        /** The sizes the programs are compiled with (lb_consts.h). */
        public static final Sizes DEFAULT = new Sizes(1023, 4095, 65535, 16384, 4 * 1024 * 1024, 1_000_000, 65536,
                65536, 1 << 20);

        /** Validates. */
        public Sizes {
            if (services < 1 || groups < 1 || backends < 1 || sourceRoutes < 1 || tableSlots < 1 || connections < 1
                    || halfOpen < 1 || rateLimitBuckets < 1 || eventRingBytes < 4096
                    || Integer.bitCount(eventRingBytes) != 1) {
                throw new IllegalArgumentException("map sizes must be positive, the event ring a power of two >= 4096: "
                        + this);
            }
            if (services > MAX_IDS || groups > MAX_IDS || backends > MAX_IDS || connections > MAX_CONNECTIONS
                    || halfOpen > MAX_CONNECTIONS) {
                throw new IllegalArgumentException("map sizes beyond what a BPF map holds: " + this);
            }
        }

        /** @param n confirmed connections @return a copy */
        public Sizes withConnections(int n) {
            return new Sizes(services, groups, backends, sourceRoutes, tableSlots, n, halfOpen,
                    rateLimitBuckets, eventRingBytes);
        }

        /** @param n half-open connections @return a copy */
        public Sizes withHalfOpen(int n) {
            return new Sizes(services, groups, backends, sourceRoutes, tableSlots, connections, n,
                    rateLimitBuckets, eventRingBytes);
        }

        /** @param n Maglev slots @return a copy */
        public Sizes withTableSlots(int n) {
            return new Sizes(services, groups, backends, sourceRoutes, n, connections, halfOpen,
                    rateLimitBuckets, eventRingBytes);
        }

        /** @param n per-source rate-limit buckets @return a copy */
        public Sizes withRateLimitBuckets(int n) {
            return new Sizes(services, groups, backends, sourceRoutes, tableSlots, connections, halfOpen,
                    n, eventRingBytes);
        }

        /** @param bytes connection-event ring buffer size @return a copy */
        public Sizes withEventRingBytes(int bytes) {
            return new Sizes(services, groups, backends, sourceRoutes, tableSlots, connections, halfOpen,
                    rateLimitBuckets, bytes);
        }

        /** Sets every map's max_entries on an opened, not yet loaded object. */
        void applyTo(BpfObject object) {
            for (String name : List.of("lb_services", "lb_service_stats", "lb_service_meta", "lb_rl_services",
                    "lb_rl_stats", "lb_svc_events")) {
                object.setMaxEntries(name, services + 1);
            }
            object.setMaxEntries("lb_groups", groups + 1);
            object.setMaxEntries("lb_group_meta", groups + 1);
            object.setMaxEntries("lb_tables", 2 * (groups + 1));
            object.setMaxEntries("lb_backends", backends + 1);
            object.setMaxEntries("lb_backend_stats", backends + 1);
            object.setMaxEntries("lb_rl_backends", backends + 1);
            object.setMaxEntries("lb_source_routes", sourceRoutes);
            object.setMaxEntries("lb_maglev", tableSlots);
            object.setMaxEntries("lb_conntrack", connections);
            object.setMaxEntries("lb_ct_pending", halfOpen);
            object.setMaxEntries("lb_rl_sources", rateLimitBuckets);
            object.setMaxEntries("lb_conn_events", eventRingBytes);
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
            sizes.applyTo(xdp);
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
