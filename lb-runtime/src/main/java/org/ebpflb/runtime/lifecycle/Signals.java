package org.ebpflb.runtime.lifecycle;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Operating-system signals the runtime answers: SIGHUP reloads, SIGTERM and SIGINT stop. */
public final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * Runs an action once, on the first SIGTERM or SIGINT, off the signal thread. Without it the JVM answers these
     * signals by running its shutdown hooks and exiting with 128 + the signal number, which service managers report
     * as a failure; with it the caller stops in order and exits 0. Later signals are ignored while it stops (SIGKILL
     * still ends the process).
     *
     * @param action what to do, e.g. let the main thread stop the runtime
     */
    public static void onTerminate(Runnable action) {
        AtomicBoolean fired = new AtomicBoolean();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), s -> {
                    if (fired.compareAndSet(false, true)) {
                        Thread.ofPlatform().name("lb-sig" + name.toLowerCase(Locale.ROOT)).start(action);
                    }
                });
            } catch (IllegalArgumentException e) {
                log.warn("SIG{} cannot be handled on this platform ({}); it ends the JVM through its shutdown hooks",
                        name, e.getMessage());
            }
        }
    }

    /**
     * Runs an action on each SIGHUP, off the signal thread.
     *
     * @param action what to do, e.g. reload the configuration
     */
    public static void onHangup(Runnable action) {
        try {
            Signal.handle(new Signal("HUP"), s -> Thread.ofVirtual().name("lb-sighup").start(action));
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP cannot be handled on this platform ({}); use 'lb reload' instead", e.getMessage());
        }
    }
}
