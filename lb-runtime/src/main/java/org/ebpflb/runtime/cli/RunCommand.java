package org.ebpflb.runtime.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ebpflb.runtime.lifecycle.EngineTimings;
import org.ebpflb.runtime.lifecycle.LbRuntime;
import org.ebpflb.runtime.lifecycle.Signals;
import org.ebpflb.runtime.lifecycle.StartupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lb run}: run in the foreground until SIGTERM or SIGINT (then exit 0); SIGHUP reloads the configuration. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run in the foreground. SIGTERM or SIGINT stops cleanly with exit code 0 (the data plane keeps"
                + " its tables); SIGHUP reloads the configuration.")
final class RunCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        // before the start: a SIGTERM that arrives once the admin API answers but before start returns also stops in
        // order with 0 instead of the JVM's 143
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTerminate(stop::countDown);
        LbRuntime runtime;
        try {
            runtime = LbRuntime.start(config.file(), Clock.systemUTC(), EngineTimings.DEFAULTS);
        } catch (StartupException e) {
            spec.commandLine().getErr().println("lb run: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                runtime.close();
            }
        };
        // any other way the JVM ends still stops the runtime in order
        Runtime.getRuntime().addShutdownHook(new Thread(close, "lb-shutdown"));
        Signals.onHangup(runtime::reload);
        stop.await();
        close.run();
        return LbCommand.OK;
    }
}
