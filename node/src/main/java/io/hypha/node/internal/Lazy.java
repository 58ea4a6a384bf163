package io.hypha.node.internal;

import java.util.Objects;
import java.util.function.Supplier;

/** A value made on first use, once, and closed with its owner only if it was made. */
public final class Lazy<T extends AutoCloseable> implements Supplier<T>, AutoCloseable {
    private final Supplier<T> make;
    private T value;
    private boolean closed;

    public Lazy(Supplier<T> make) {
        this.make = Objects.requireNonNull(make);
    }

    @Override
    public synchronized T get() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (value == null) {
            value = make.get();
        }
        return value;
    }

    @Override
    public synchronized void close() throws Exception {
        closed = true;
        if (value != null) {
            value.close();
        }
    }
}
