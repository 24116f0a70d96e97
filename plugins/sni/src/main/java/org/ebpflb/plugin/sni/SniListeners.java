package org.ebpflb.plugin.sni;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;

/**
 * The listeners of every service with SNI routes, kept in step with the model: a reload changes a listener's routes
 * in place, moves it when the address or port changed, and stops one whose service is gone (its relayed connections
 * go on). A socket that could not be bound is tried again by {@link #sync}.
 */
final class SniListeners implements AutoCloseable {
    private final BackendSelector selector;
    private final SniSettings settings;
    private final Map<String, SniListener> listeners = new ConcurrentHashMap<>();
    private final Map<String, SniCounters> counters = new ConcurrentHashMap<>();

    SniListeners(BackendSelector selector, SniSettings settings) {
        this.selector = selector;
        this.settings = settings;
    }

    /** @param model the current services; binds what is new or not yet bound, stops what is gone */
    synchronized void sync(ServiceModel model) {
        Map<String, ServiceSpec> wanted = new LinkedHashMap<>();
        model.services().stream().filter(ServiceSpec::userSpace).forEach(s -> wanted.put(s.name(), s));
        listeners.entrySet().removeIf(e -> {
            ServiceSpec spec = wanted.get(e.getKey());
            boolean gone = spec == null || !address(spec).equals(e.getValue().address());
            if (gone) {
                e.getValue().stopAccepting();
            }
            return gone;
        });
        wanted.forEach((name, spec) -> {
            RouteTable routes = RouteTable.of(spec);
            SniListener listener = listeners.computeIfAbsent(name, n -> new SniListener(n, address(spec), routes,
                    selector, settings, counters.computeIfAbsent(n, x -> new SniCounters())));
            listener.routes(routes);
            listener.bind();
        });
    }

    /** @return whether some socket is still unbound */
    boolean anyUnbound() {
        return listeners.values().stream().anyMatch(l -> !l.listening());
    }

    /** @return per service: where it listens, any bind error, its routes and counters */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        listeners.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            SniListener l = e.getValue();
            Map<String, Object> service = new LinkedHashMap<>();
            service.put("listen", IpAddresses.withPort(l.address().getAddress(), l.address().getPort()));
            service.put("listening", l.listening());
            service.put("error", l.bindError());
            service.put("hostnames", l.routes().labels());
            service.put("unknownNames", l.routes().fallback().isPresent() ? "default" : "reject");
            service.putAll(counters.get(e.getKey()).snapshot());
            out.put(e.getKey(), service);
        });
        return out;
    }

    private static InetSocketAddress address(ServiceSpec spec) {
        return new InetSocketAddress(spec.listen().address().orElseThrow(), spec.listen().port());
    }

    @Override
    public synchronized void close() {
        listeners.values().forEach(SniListener::close);
        listeners.clear();
    }
}
