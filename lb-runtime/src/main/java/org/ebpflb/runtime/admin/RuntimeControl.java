package org.ebpflb.runtime.admin;

import java.util.Map;
import org.ebpflb.runtime.view.OverlayView;
import org.ebpflb.runtime.view.RuntimeChangeView;

/**
 * Runtime changes of the running instance (docs/OPERATING.md, "Runtime changes"): each is validated as the
 * configuration file is, applied like a reload and kept in the overlay file, or refused with nothing changed.
 */
public interface RuntimeControl {
    /**
     * @param service the service
     * @param target the target object as a configuration writes it
     * @return the outcome
     */
    RuntimeChangeView addTarget(String service, Map<String, Object> target);

    /**
     * @param service the service
     * @param target {@code ip:port}
     * @return the outcome
     */
    RuntimeChangeView removeTarget(String service, String target);

    /**
     * @param service the service
     * @param target {@code ip:port}
     * @param weight the new base weight, as the request gave it
     * @return the outcome
     */
    RuntimeChangeView setWeight(String service, String target, Object weight);

    /**
     * @param text one service object in HOCON
     * @param source where it came from, for messages (e.g. the CLI's file name)
     * @param replace whether a service of that name may be replaced as a whole
     * @return the outcome
     */
    RuntimeChangeView defineService(String text, String source, boolean replace);

    /**
     * @param service the service
     * @return the outcome
     */
    RuntimeChangeView removeService(String service);

    /** @return the outcome of dropping every runtime change */
    RuntimeChangeView clear();

    /** @return the runtime changes in force */
    OverlayView overlay();
}
