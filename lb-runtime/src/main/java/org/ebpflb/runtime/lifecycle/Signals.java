package org.ebpflb.runtime.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Operating-system signals the runtime answers besides SIGTERM (which the JVM turns into shutdown hooks). */
public final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
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
