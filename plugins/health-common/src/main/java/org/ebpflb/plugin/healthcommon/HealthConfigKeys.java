package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * Owns {@code health-check} at service and target level for one health plugin, discriminated by {@code type}, and
 * validates the blocks of that plugin's types: the service's block, and each target's block over it.
 */
final class HealthConfigKeys implements ConfigKeys {
    private final CheckParser parser;
    private final Set<String> typeNames;

    /**
     * @param parser the plugin's parser (its types, and the defaults of its reference.conf)
     * @param typeNames the plugin's type names
     */
    public HealthConfigKeys(CheckParser parser, Set<String> typeNames) {
        this.parser = parser;
        this.typeNames = Set.copyOf(typeNames);
    }

    @Override
    public Set<String> serviceKeys() {
        return Set.of(CheckParser.KEY);
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of(CheckParser.KEY);
    }

    @Override
    public Optional<Discriminator> discriminator() {
        return Optional.of(new Discriminator(CheckParser.KEY, CheckParser.TYPE, typeNames, CheckParser.DEFAULT_TYPE));
    }

    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        // a set: a service-level mistake shows up again under every target that inherits it
        Set<ConfigProblem> problems = new LinkedHashSet<>();
        List<ConfigProblem> found = new ArrayList<>();
        Config serviceBlock = CheckParser.block(service.config(), found).orElse(null);
        if (serviceBlock != null) {
            collect(parser.parse(serviceBlock, ConfigFactory.empty()), found);
        }
        Config inherited = serviceBlock != null ? serviceBlock : ConfigFactory.empty();
        for (TargetSpec target : service.allTargetSpecs()) {
            Optional<Config> own = CheckParser.block(target.config(), found);
            own.ifPresent(block -> collect(parser.parse(block, inherited), found));
        }
        problems.addAll(found);
        return List.copyOf(problems);
    }

    private static void collect(CheckParser.Outcome outcome, List<ConfigProblem> into) {
        if (outcome instanceof CheckParser.Invalid invalid) {
            into.addAll(invalid.problems());
        }
    }
}
