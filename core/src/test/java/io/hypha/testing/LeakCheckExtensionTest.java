package io.hypha.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leak check must catch a buffer that is dropped without release (and then forget it). */
class LeakCheckExtensionTest {
    /** Collection is not deterministic: a few rounds are allowed for the dropped buffer to be found. */
    private static final int ATTEMPTS = 20;

    @Test
    void reportsADroppedBuffer() {
        List<String> found = new ArrayList<>();
        try (LogCapture log = LogCapture.of(io.netty.util.ResourceLeakDetector.class)) {
            leakOne();
            for (int i = 0; i < ATTEMPTS && found.isEmpty(); i++) {
                found.addAll(LeakCheckExtension.collectLeaks());
            }
        }
        assertTrue(found.stream().anyMatch(l -> l.contains("LEAK")), "a dropped buffer was not reported");
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeInt(42);
        // dropped without release, on purpose
    }
}
