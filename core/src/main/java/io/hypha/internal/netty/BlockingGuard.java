package io.hypha.internal.netty;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.util.concurrent.CompletableFuture;

/**
 * Refuses blocking waits on an event loop. A loop serves every connection assigned to it, so a
 * {@code join()} there stalls them all, and deadlocks when the awaited work needs the same loop. Every blocking
 * wait in the project's main code goes through here (ArchitectureTest checks that nothing calls
 * {@code CompletableFuture.join/get} directly), so such a wait fails at once, in tests and in production,
 * naming what it was for, instead of hanging.
 */
public final class BlockingGuard {
    private BlockingGuard() {}

    /** Whether the calling thread is a Netty event loop. */
    public static boolean onEventLoop() {
        EventExecutor current = ThreadExecutorMap.currentExecutor();
        return current instanceof EventLoop;
    }

    /** Throws {@link IllegalStateException} when called on an event loop; {@code doing} names the wait. */
    public static void checkNotOnEventLoop(String doing) {
        if (onEventLoop()) {
            throw new IllegalStateException("blocking wait (" + doing + ") on event loop thread "
                    + Thread.currentThread().getName() + ": it would stall every connection on that loop;"
                    + " wait on a worker thread or compose the future");
        }
    }

    /** {@code future.join()}, refused on an event loop. */
    public static <T> T join(CompletableFuture<T> future, String doing) {
        checkNotOnEventLoop(doing);
        return future.join();
    }
}
