package io.hypha.node.internal;

import io.hypha.internal.netty.BlockingGuard;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Blocking waits on the node's asynchronous stores, for code that already runs on a worker thread
 * (CAR import, DAG walks, the UnixFS exporter, the command line). Refused on an event loop
 * ({@link BlockingGuard}).
 */
public final class Futures {
    private Futures() {}

    /**
     * Waits for {@code future} and returns its value. Its failure is rethrown as it is when it is an
     * {@link IOException} or a {@link RuntimeException} (so a store's typed exceptions reach the caller
     * unchanged, with {@link CompletionException} wrappers removed), and wrapped in an {@code IOException}
     * otherwise. An interrupt keeps the thread's interrupt status and becomes an
     * {@link InterruptedIOException} saying what was interrupted ({@code doing}, e.g. "CAR import").
     */
    public static <T> T await(CompletableFuture<T> future, String doing) throws IOException {
        BlockingGuard.checkNotOnEventLoop(doing);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(doing + " interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(cause);
        }
    }
}
