package io.hypha.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a Netty buffer leak fail the build. Registered for every test class of every module (JUnit
 * extension auto-detection, enabled in the root pom): it replaces Netty's leak detector factory with one
 * that records each leak report, and after each test class forces collection and fails the class if any
 * leak was reported. With {@code -Dio.netty.leakDetectionLevel=paranoid} every buffer is tracked.
 * A leak is noticed when its buffer is garbage collected, so it may be reported against a later class.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    /** GC rounds before concluding there is no leak: each round lets the collector enqueue more buffers. */
    private static final int GC_ROUNDS = 3;

    private static final Queue<String> LEAKS = new ConcurrentLinkedQueue<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> found = collectLeaks();
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " Netty buffer leak(s) reported by the time "
                    + context.getDisplayName() + " finished:\n" + String.join("\n\n", found));
        }
    }

    /** Collects garbage, lets the detectors poll, and returns (and forgets) every leak reported so far. */
    static List<String> collectLeaks() {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
            Thread.onSpinWait();
            // A tracked allocation makes the detector poll its queue of collected, unreleased buffers.
            for (ByteBufAllocator alloc : new ByteBufAllocator[] {PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT}) {
                ByteBuf probe = alloc.buffer(1);
                probe.release();
                ByteBuf direct = alloc.directBuffer(1);
                direct.release();
            }
        }
        List<String> found = new ArrayList<>();
        for (String leak; (leak = LEAKS.poll()) != null; ) {
            found.add(leak);
        }
        return found;
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
                @Override
                protected boolean needReport() {
                    return true;
                }

                @Override
                protected void reportTracedLeak(String resourceType, String records) {
                    LEAKS.add("LEAK of " + resourceType + ":" + records);
                    super.reportTracedLeak(resourceType, records);
                }

                @Override
                protected void reportUntracedLeak(String resourceType) {
                    LEAKS.add("LEAK of " + resourceType + " (enable paranoid leak detection for its records)");
                    super.reportUntracedLeak(resourceType);
                }
            };
        }
    }
}
