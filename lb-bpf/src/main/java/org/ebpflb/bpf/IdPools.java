package org.ebpflb.bpf;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.TreeSet;

/**
 * The free ids of the array maps: services and groups are taken lowest first, backends in FIFO order so a freed
 * backend id (and what its counters meant) is reused as late as possible. Id 0 is never handed out: the programs
 * read it as "none".
 */
final class IdPools {
    private final TreeSet<Integer> services = new TreeSet<>();
    private final TreeSet<Integer> groups = new TreeSet<>();
    private final Deque<Integer> backends = new ArrayDeque<>();

    int takeService() {
        return take(services.pollFirst(), "services");
    }

    int takeGroup() {
        return take(groups.pollFirst(), "target groups");
    }

    int takeBackend() {
        return take(backends.pollFirst(), "backends");
    }

    void freeService(int id) {
        services.add(id);
    }

    void freeGroup(int id) {
        groups.add(id);
    }

    void freeBackend(int id) {
        backends.addLast(id);
    }

    private static int take(Integer id, String what) {
        if (id == null) {
            throw new IllegalStateException("the kernel data plane has no room for more " + what);
        }
        return id;
    }
}
