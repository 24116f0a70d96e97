package org.ebpflb.runtime.view;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.runtime.pipeline.FactorTrace;
import org.ebpflb.runtime.pipeline.GroupTrace;
import org.ebpflb.runtime.pipeline.ServiceTrace;
import org.ebpflb.runtime.pipeline.TargetTrace;
import org.ebpflb.runtime.plugin.PluginRecord;

/** Maps the runtime's internal records to the views the admin API serves and the CLI prints. */
public final class Views {
    private Views() {
    }

    /**
     * @param service the configured service
     * @param trace its latest trace, null before the first round
     * @param pending why the data plane does not hold the trace's tables, null when it does
     * @return the explain view
     */
    public static ExplainView explain(ServiceSpec service, ServiceTrace trace, String pending) {
        return new ExplainView(service.name(), listen(service.listen()), hash(service.hash()),
                trace == null ? List.of() : trace.groups().stream().map(Views::group).toList(), pending);
    }

    /**
     * @param service the configured service
     * @param trace its latest trace, null before the first round
     * @param pending why the data plane does not hold the trace's tables, null when it does
     * @param stats the data plane's counters
     * @return the service with effective weights and traffic counters
     */
    public static ServiceView service(ServiceSpec service, ServiceTrace trace, String pending,
                                      DataPlaneStats stats) {
        List<ServiceView.Group> groups = trace == null ? List.of() : trace.groups().stream()
                .map(g -> new ServiceView.Group(g.group(), source(g), g.panic().panic(),
                        g.targets().stream().map(t -> new ServiceView.TargetWeight(t.target().endpoint().toString(),
                                t.target().baseWeight(), t.effective(), t.sharePercent(), t.slots())).toList(),
                        g.problems()))
                .toList();
        Map<String, TrafficView> targets = new LinkedHashMap<>();
        stats.targets(service.name()).forEach((endpoint, c) -> targets.put(endpoint.toString(), TrafficView.of(c)));
        return new ServiceView(service.name(), listen(service.listen()), hash(service.hash()), groups, pending,
                new ServiceView.Traffic(TrafficView.of(stats.service(service.name())), targets));
    }

    /**
     * @param record a plugin record
     * @return its view
     */
    public static PluginView plugin(PluginRecord record) {
        return new PluginView(record.id(), record.version(), record.apiVersion(), record.location(), record.state().name(),
                record.error().orElse(null), record.required(), record.contributions().modifiers(),
                record.contributions().sources(), record.contributions().routes(),
                record.contributions().statusSections(), record.contributions().configKeys());
    }

    /**
     * @param listen a listen spec
     * @return e.g. {@code tcp/80 on eth0} or {@code udp/53 at 198.18.0.1 on eth0, eth1}
     */
    public static String listen(ListenSpec listen) {
        return listen.protocol().name().toLowerCase(Locale.ROOT) + "/" + listen.port()
                + listen.address().map(a -> " at " + IpAddresses.format(a)).orElse("")
                + (listen.interfaces().isEmpty() ? "" : " on " + String.join(", ", listen.interfaces()));
    }

    /**
     * @param hash a hash mode
     * @return its config spelling, e.g. {@code five-tuple}
     */
    public static String hash(HashMode hash) {
        return hash.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static GroupView group(GroupTrace g) {
        return new GroupView(g.group(), source(g), g.modifiers(), g.panic().panic(), g.panic().availablePercent(),
                g.panic().explanation(), g.problems(), g.tableSize(),
                g.targets().stream().map(t -> row(t, g.panic().panic())).toList());
    }

    private static TargetRowView row(TargetTrace t, boolean panic) {
        return new TargetRowView(t.target().endpoint().toString(), t.target().spec().label(), t.target().baseWeight(),
                t.factors().stream().map(f -> factor(f, panic)).toList(), t.effective(), t.sharePercent(), t.slots());
    }

    private static FactorView factor(FactorTrace f, boolean panic) {
        return new FactorView(f.modifier(), f.plugin(), f.value(), f.kind().name(), f.reason(), f.failed(),
                panic && f.kind() == FactorKind.AVAILABILITY);
    }

    private static String source(GroupTrace g) {
        return g.source().map(Object::toString).orElse(null);
    }
}
