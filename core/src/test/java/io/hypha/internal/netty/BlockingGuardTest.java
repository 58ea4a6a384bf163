package io.hypha.internal.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A blocking wait on an event loop fails at once, naming the wait; elsewhere it waits. */
class BlockingGuardTest {
    @Test
    void aWaitOnAnEventLoopIsRefused() throws Exception {
        EventLoopGroup group = EventLoops.newGroup(1, "guard-test");
        try {
            CompletableFuture<String> never = new CompletableFuture<>();
            Throwable refused = group.submit(() -> {
                try {
                    BlockingGuard.join(never, "reading a block");
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            }).get(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, refused);
            assertTrue(refused.getMessage().contains("reading a block"), refused.getMessage());
            assertTrue(group.submit(BlockingGuard::onEventLoop).get(10, TimeUnit.SECONDS));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aWaitElsewhereWaits() {
        assertFalse(BlockingGuard.onEventLoop());
        assertEquals("done", BlockingGuard.join(CompletableFuture.completedFuture("done"), "a test"));
    }
}
