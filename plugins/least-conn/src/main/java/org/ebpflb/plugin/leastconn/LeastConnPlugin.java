package org.ebpflb.plugin.leastconn;

import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The least-conn plugin: a LOAD weight modifier that moves new connections away from targets holding more active
 * connections than their group (per unit of weight), recomputed every {@code interval} with hysteresis, for the
 * services listed in its settings; a "least-conn" status section.
 */
public final class LeastConnPlugin implements Plugin {
    /** The plugin id. */
    public static final String ID = "least-conn";
    private static final Logger LOG = LoggerFactory.getLogger(LeastConnPlugin.class);

    private ScheduledFuture<?> rounds;

    /** Creates the plugin; {@link #start} does the work. */
    public LeastConnPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return LeastConnSettings.read(settings).reader().problems();
    }

    @Override
    public List<DeclaredModifier> declaredModifiers() {
        return List.of(new DeclaredModifier(ID, WeightModifier.ORDER_LOAD, FactorKind.LOAD));
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(ID);
    }

    /** Recomputes factors every {@code interval}; asks for new tables only when a factor in force moved. */
    @Override
    public void start(PluginContext context) throws FatalStartException {
        LeastConnSettings.Read read = LeastConnSettings.read(context.config());
        LeastConnSettings atStart = read.settings().orElseThrow(() -> new FatalStartException(ID
                + ": invalid settings:\n  " + read.reader().problems().stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  "))));
        LoadShaper shaper = new LoadShaper();
        context.register((WeightModifier) shaper);
        context.register((StatusProvider) shaper);
        long every = atStart.interval().toMillis();
        rounds = context.scheduler().scheduleWithFixedDelay(() -> {
            try {
                // a reload may change the listed services; interval changes need a restart
                LeastConnSettings now = LeastConnSettings.read(context.config()).settings().orElse(atStart);
                if (shaper.recompute(context.model(), context.stats(), now, context.clock().instant())) {
                    context.requestReconcile();
                }
            } catch (RuntimeException e) {
                LOG.warn("least-conn: round failed; next one in {} ms", every, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (rounds != null) {
            rounds.cancel(false);
        }
    }
}
