package org.ebpflb.plugin.ratelimit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;

/** The service key the rate-limit plugin owns: {@code rate-limit { per-source, per-backend, allow }}. */
final class RateLimitKeys implements ConfigKeys {
    private final Config defaults = LimitsBlock.referenceDefaults();

    @Override
    public Set<String> serviceKeys() {
        return Set.of(LimitsBlock.KEY);
    }

    @Override
    public Set<String> targetKeys() {
        return Set.of();
    }

    /** The block is checked over the plugin's own defaults, so it need not repeat keys it leaves at theirs. */
    @Override
    public List<ConfigProblem> validate(ServiceSpec service) {
        Config c = service.config();
        if (!c.hasPath(LimitsBlock.KEY)) {
            return List.of();
        }
        if (c.getValue(LimitsBlock.KEY).valueType() != ConfigValueType.OBJECT) {
            return List.of(ConfigProblem.at(c.getValue(LimitsBlock.KEY).origin(), LimitsBlock.KEY
                    + " must be an object { per-source { ... }, per-backend { ... }, allow = [ ... ] } in service '"
                    + service.name() + "'"));
        }
        Settings s = Settings.of(LimitsBlock.overPluginWide(c.getConfig(LimitsBlock.KEY), defaults), LimitsBlock.KEY);
        LimitsBlock.readForService(s, service);
        return s.problems();
    }
}
