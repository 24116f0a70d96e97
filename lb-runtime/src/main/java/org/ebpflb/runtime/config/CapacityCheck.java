package org.ebpflb.runtime.config;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.TargetSpec;

/**
 * Adds up what the services need of each kernel map and reports, at the first service that does not fit, which
 * {@code lb.dataplane.max-*} key to raise: a configuration that validates installs whole, never a part of it.
 * A {@code host} target counts as one target here; each further address it resolves to takes one more when resolved.
 */
final class CapacityCheck {
    private CapacityCheck() {
    }

    /** One map's running total. */
    private static final class Need {
        final String key;
        final long limit;
        final String unit;
        final String advice;
        long total;
        boolean reported;

        Need(String key, long limit, String unit, String advice) {
            this.key = key;
            this.limit = limit;
            this.unit = unit;
            this.advice = advice;
        }

        void add(ParsedService service, long more, String what, Problems problems) {
            total += more;
            if (total > limit && !reported) {
                reported = true;
                problems.add(service.object(), "service '" + service.name().orElse("?") + "' does not fit: with "
                        + what + " the data plane needs " + number(total) + " " + unit + ", more than lb.dataplane."
                        + key + " = " + number(limit) + " (raise it" + advice + ")");
            }
        }
    }

    /**
     * @param services the parsed services, in file order
     * @param capacity what the maps hold
     * @param problems receives one problem per map that overflows
     */
    static void check(List<ParsedService> services, DataplaneCapacity capacity, Problems problems) {
        Need serviceIds = new Need("max-services", capacity.services(), "services", "");
        Need groups = new Need("max-target-groups", capacity.targetGroups(), "target groups", "");
        Need targets = new Need("max-targets", capacity.targets(), "targets", "");
        Need routes = new Need("max-source-routes", capacity.sourceRoutes(), "source routes", "");
        Need slots = new Need("max-table-slots", capacity.tableSlots(), "Maglev slots",
                ": 4 bytes a slot; or lower table-size");
        for (ParsedService p : services) {
            if (p.spec().isEmpty() || p.spec().get().userSpace()) {
                continue; // a service served in user space takes no entry of the kernel's maps
            }
            ServiceSpec s = p.spec().get();
            int groupCount = 1 + s.sourceRoutes().size();
            serviceIds.add(p, 1, "it", problems);
            groups.add(p, groupCount, plural(groupCount, "its target group"), problems);
            int distinct = distinctTargets(s);
            targets.add(p, distinct, plural(distinct, "its target"), problems);
            if (!s.sourceRoutes().isEmpty()) {
                routes.add(p, s.sourceRoutes().size(), plural(s.sourceRoutes().size(), "its source route"), problems);
            }
            slots.add(p, 2L * groupCount * s.tableSize(), plural(groupCount, "its target group") + " of table-size "
                    + s.tableSize() + " (each held twice while it changes)", problems);
        }
    }

    private static int distinctTargets(ServiceSpec s) {
        Set<String> seen = new HashSet<>();
        Stream.concat(Stream.of(s.targets()), s.sourceRoutes().stream().map(SourceRouteSpec::targets))
                .flatMap(List::stream).map(TargetSpec::label).forEach(seen::add);
        return seen.size();
    }

    private static String plural(int n, String what) {
        return n == 1 ? what : what.replaceFirst("^its ", "its " + n + " ") + "s";
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
