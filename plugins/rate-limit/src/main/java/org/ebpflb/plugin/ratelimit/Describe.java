package org.ebpflb.plugin.ratelimit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.ebpflb.api.dataplane.RateLimits.Scope;
import org.ebpflb.api.dataplane.RateLimits.TokenBucket;
import org.ebpflb.api.model.Cidr;

/** Limits as a log line and as the JSON-ready maps of the status section and the admin route. */
final class Describe {
    private Describe() {
    }

    /** @return e.g. "per source 100/s burst 200 per /32; per backend 1000/s burst 2000; allow 198.18.0.0/24" */
    static String limits(Limits l) {
        List<String> parts = new ArrayList<>();
        l.perSource().ifPresent(b -> parts.add("per source " + bucket(b) + " per /" + l.sourcePrefix()));
        l.perBackend().ifPresent(b -> parts.add("per backend " + bucket(b)));
        if (l.perSource().isPresent() && !l.allow().isEmpty()) {
            parts.add("allow " + String.join(", ", l.allow().stream().map(Cidr::toString).toList()));
        }
        return String.join("; ", parts);
    }

    /**
     * @param applied what a service is configured with
     * @param dropped its drop counters, empty when the data plane has none
     * @return per-source, per-backend, allow, dropped (and refused, when the data plane refused the limits)
     */
    static Map<String, Object> service(LimitEnforcer.Applied applied, Map<Scope, Long> dropped) {
        Limits l = applied.limits();
        Map<String, Object> out = new LinkedHashMap<>();
        l.perSource().ifPresent(b -> {
            Map<String, Object> m = bucketMap(b);
            m.put(LimitsBlock.PREFIX, l.sourcePrefix());
            out.put(LimitsBlock.PER_SOURCE, m);
        });
        l.perBackend().ifPresent(b -> out.put(LimitsBlock.PER_BACKEND, bucketMap(b)));
        if (l.perSource().isPresent()) {
            out.put(LimitsBlock.ALLOW, l.allow().stream().map(Cidr::toString).toList());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        dropped.forEach((scope, n) -> counts.put(scope.label(), n));
        out.put("dropped", counts);
        applied.refusal().ifPresent(r -> out.put("refused", r));
        return out;
    }

    private static String bucket(TokenBucket b) {
        return b.ratePerSecond() + "/s burst " + b.burst();
    }

    private static Map<String, Object> bucketMap(TokenBucket b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(LimitsBlock.RATE, b.ratePerSecond());
        m.put(LimitsBlock.BURST, b.burst());
        return m;
    }
}
