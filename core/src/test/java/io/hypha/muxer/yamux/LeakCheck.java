package io.hypha.muxer.yamux;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Turns Netty's leak reports into test failures: the build runs with paranoid leak detection, which only
 * logs (through java.util.logging here, no other logging backend is on the test class path). After each
 * test this collects garbage, makes the detectors poll their queues, and fails on any "LEAK" record.
 */
final class LeakCheck implements AfterEachCallback {
    private static final List<String> LEAKS = new ArrayList<>();
    /** Held strongly so java.util.logging keeps the handler. */
    private static final Logger DETECTOR_LOGGER = Logger.getLogger("io.netty.util.ResourceLeakDetector");
    /** GC rounds: a leaked buffer becomes phantom-reachable after one collection, two make it likelier on every collector. */
    private static final int GC_ROUNDS = 3;

    static {
        DETECTOR_LOGGER.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("LEAK")) {
                    synchronized (LEAKS) {
                        LEAKS.add(record.getMessage());
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            for (ByteBufAllocator alloc : List.of(PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
                alloc.buffer(1).release();
                alloc.directBuffer(1).release();
                alloc.compositeBuffer().release();
            }
        }
        List<String> found;
        synchronized (LEAKS) {
            found = List.copyOf(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            fail(found.size() + " ByteBuf leak(s):\n" + String.join("\n", found));
        }
    }
}
