package org.ebpflb.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.event.LbEvent;

/** Delivers events synchronously on the publishing thread and keeps every event for assertions. */
public final class RecordingEventBus implements EventBus {
    private final List<LbEvent> published = new CopyOnWriteArrayList<>();
    private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LbEvent event) {
        published.add(event);
        for (Subscription<?> s : subscriptions) {
            s.offer(event);
        }
    }

    @Override
    public <T extends LbEvent> AutoCloseable subscribe(Class<T> type, Consumer<? super T> subscriber) {
        Subscription<T> s = new Subscription<>(type, subscriber);
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }

    /**
     * @param type an event type
     * @param <T> the type
     * @return every published event of that type, in order
     */
    public <T extends LbEvent> List<T> published(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (LbEvent e : published) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    private record Subscription<T extends LbEvent>(Class<T> type, Consumer<? super T> subscriber) {
        void offer(LbEvent event) {
            if (type.isInstance(event)) {
                subscriber.accept(type.cast(event));
            }
        }
    }
}
