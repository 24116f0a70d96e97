package org.ebpflb.api.event;

import java.util.function.Consumer;
import org.ebpflb.api.Stable;

/** Delivers events to subscribers asynchronously; a throwing subscriber never affects the publisher. */
@Stable
public interface EventBus {
    /** @param event published to every matching subscriber */
    void publish(LbEvent event);

    /**
     * @param type the event type, or {@link LbEvent} for all
     * @param subscriber called on the bus's delivery thread, in publication order
     * @param <T> the event type
     * @return a handle that unsubscribes when closed
     */
    <T extends LbEvent> AutoCloseable subscribe(Class<T> type, Consumer<? super T> subscriber);
}
