package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * Shares {@code health-check} with other health plugins by {@code type} (default {@code tcp}), like the real health
 * plugins: validates only its own types' blocks, allowing {@code type}, {@code interval} and the given extra keys.
 */
final class FakeHealthKeys implements ConfigKeys {
    private final Set<String> types;
    private final Set<String> allowed;
    /** Where each block it validated is: "service NAME" or "target LABEL". */
    final List<String> seen = new CopyOnWriteArrayList<>();
    /** Names of the services it was asked to validate. */
    final List<String> services = new CopyOnWriteArrayList<>();

    FakeHealthKeys(Set<String> types, Set<String> extraKeys) {
        this.types = Set.copyOf(types);
        Set<String> keys = new java.util.HashSet<>(extraKeys);
        keys.add("type");
        keys.add("interval");
        this.allowed = Set.copyOf(keys);
    }

    @Override
    public Set<String> serviceKeys() {
        return Set.of("health-check");
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of("health-check");
    }

    @Override
    public Optional<Discriminator> discriminator() {
        return Optional.of(new Discriminator("health-check", "type", types, "tcp"));
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        services.add(service.name());
        List<ConfigProblem> problems = new ArrayList<>();
        check("service " + service.name(), service.config(), problems);
        Stream.concat(service.targets().stream(), service.sourceRoutes().stream().map(SourceRouteSpec::targets)
                        .flatMap(List::stream))
                .forEach(target -> check("target " + target.label(), target.config(), problems));
        return problems;
    }

    private void check(String where, Config owner, List<ConfigProblem> problems) {
        if (!owner.hasPath("health-check")) {
            return;
        }
        ConfigObject block = owner.getObject("health-check");
        String type = block.toConfig().hasPath("type") ? block.toConfig().getString("type") : "tcp";
        if (!types.contains(type)) {
            return;
        }
        seen.add(where);
        for (String key : block.keySet()) {
            if (!allowed.contains(key)) {
                problems.add(ConfigProblem.at(block.get(key).origin(), "health-check " + type + " has no key '" + key + "'"));
            }
        }
    }
}
