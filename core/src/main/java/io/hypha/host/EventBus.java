package io.hypha.host;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Delivers {@link HostEvent}s to subscribers on the publishing thread. A subscriber that throws is logged
 * and does not stop delivery to the others.
 */
final class EventBus {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

    private record Entry<E extends HostEvent>(Class<E> type, Consumer<? super E> subscriber) {
        void deliver(HostEvent event) {
            if (type.isInstance(event)) {
                subscriber.accept(type.cast(event));
            }
        }
    }

    private final List<Entry<?>> entries = new CopyOnWriteArrayList<>();

    <E extends HostEvent> Host.Subscription subscribe(Class<E> type, Consumer<? super E> subscriber) {
        Entry<E> e = new Entry<>(type, subscriber);
        entries.add(e);
        return () -> entries.remove(e);
    }

    void publish(HostEvent event) {
        for (Entry<?> e : entries) {
            try {
                e.deliver(event);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "event subscriber failed on " + event.getClass().getSimpleName(), ex);
            }
        }
    }
}
