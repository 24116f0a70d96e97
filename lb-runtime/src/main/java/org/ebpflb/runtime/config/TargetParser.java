package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.TargetSpec;

/** Parses a target group (a list of targets) and hands plugin-owned target keys to {@link KeyOwners}. */
final class TargetParser {
    private final Values values;
    private final Problems problems;
    private final KeyOwners keyOwners;

    TargetParser(Problems problems, KeyOwners keyOwners) {
        this.values = new Values(problems);
        this.problems = problems;
        this.keyOwners = keyOwners;
    }

    /**
     * @param object the object holding the list (a service or a source route)
     * @param claims receives the plugins that own keys of these targets
     * @return the group, when every target is valid
     */
    Optional<List<TargetSpec>> parseGroup(ConfigObject object, KeyOwners.Claims claims) {
        if (!values.require(object, "targets")) {
            return Optional.empty();
        }
        Optional<ConfigList> list = values.list(object, "targets");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        if (list.get().isEmpty()) {
            problems.add(list.get().origin(), "targets must list at least one target");
            return Optional.empty();
        }
        int before = problems.count();
        List<TargetSpec> targets = new ArrayList<>();
        Map<String, ConfigValue> seen = new HashMap<>();
        for (ConfigValue element : list.get()) {
            Optional<ConfigObject> target = values.object(element, "each target");
            if (target.isEmpty()) {
                continue;
            }
            keyOwners.check(KeyOwners.Level.TARGET, target.get(), claims, problems);
            parse(target.get()).ifPresent(spec -> {
                ConfigValue first = seen.putIfAbsent(spec.label(), element);
                if (first != null) {
                    problems.add(element.origin(), "target " + spec.label() + " is listed twice in this group (first at "
                            + Origins.where(first.origin(), element.origin()) + ")");
                }
                targets.add(spec);
            });
        }
        return problems.count() == before ? Optional.of(targets) : Optional.empty();
    }

    private Optional<TargetSpec> parse(ConfigObject target) {
        int before = problems.count();
        boolean hasIp = Values.has(target, "ip");
        boolean hasHost = Values.has(target, "host");
        if (hasIp && hasHost) {
            problems.add(target.origin(), "a target has both 'ip' and 'host'; give one of them");
        } else if (!hasIp && !hasHost) {
            problems.add(target.origin(), "a target needs 'ip' or 'host'");
        }
        Optional<InetAddress> ip = values.string(target, "ip").flatMap(text -> literal(target.get("ip"), text));
        Optional<String> host = values.string(target, "host");
        values.require(target, "port");
        Optional<Long> port = values.integer(target, "port", 1, 65535);
        Optional<Long> weight = Values.has(target, "weight")
                ? values.integer(target, "weight", 1, Integer.MAX_VALUE)
                : Optional.of((long) RuntimeKeys.DEFAULT_WEIGHT);
        if (problems.count() != before) {
            return Optional.empty();
        }
        return Optional.of(new TargetSpec(ip, host, port.orElseThrow().intValue(), weight.orElseThrow().intValue(),
                target.toConfig()));
    }

    private Optional<InetAddress> literal(ConfigValue value, String text) {
        try {
            return ServiceFamily.host(IpAddresses.parseLiteral(text), "ip '" + text + "'", value.origin(),
                    problems);
        } catch (IllegalArgumentException e) {
            boolean looksLikeName = text.chars().anyMatch(Character::isLetter) && !text.contains(":");
            problems.add(value.origin(), "ip " + e.getMessage() + (looksLikeName ? " (a hostname goes in 'host')" : ""));
            return Optional.empty();
        }
    }
}
