package com.example.myplugin;

import com.typesafe.config.Config;
import java.util.List;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scales the weight of every target by {@code lb.plugins.my-plugin.factor}. */
public final class MyPlugin implements Plugin {
    /** The plugin id: its directory under plugins/ and its settings under lb.plugins. */
    public static final String ID = "my-plugin";

    private static final Logger LOG = LoggerFactory.getLogger(MyPlugin.class);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<DeclaredModifier> declaredModifiers() {
        return List.of(new DeclaredModifier(ID, WeightModifier.ORDER_LOAD, FactorKind.LOAD));
    }

    /** lb validate and every reload call this; start only ever sees settings it accepted. */
    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        Settings s = Settings.of(settings, "lb.plugins." + ID);
        s.number("factor", 0, 1);
        return s.problems();
    }

    @Override
    public void start(PluginContext context) {
        context.register(new WeightModifier() {
            @Override
            public String name() {
                return ID;
            }

            @Override
            public int order() {
                return ORDER_LOAD;
            }

            @Override
            public WeightFactor factor(Target target) {
                double factor = Settings.of(context.config(), "lb.plugins." + ID).number("factor", 0, 1);
                return new WeightFactor(factor, FactorKind.LOAD, "my-plugin factor " + factor);
            }
        });
        LOG.info("my-plugin started");
    }
}
