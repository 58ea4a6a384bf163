package io.hypha.host;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What counting a connection's bytes costs per socket read: one read of 64 KiB passed through a pipeline with and
 * without the host's byte counter in front (the difference is the counter). Here, not in io.hypha.bench, because
 * the counter is package-private. Run with {@code ./mvnw -B -Pbench -pl core verify -DskipTests
 * -Dbench=HostCountersBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HostCountersBenchmark {
    private final HostCounters counters = new HostCounters();
    private ByteBuf read;
    private EmbeddedChannel counted;
    private EmbeddedChannel plain;

    /** The end of the pipeline: takes the read and keeps it (the benchmark owns the buffer). */
    @ChannelHandler.Sharable
    private static final class Sink extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            // consumed; the buffer is released in tearDown
        }
    }

    @Setup
    public void setUp() {
        read = Unpooled.directBuffer(64 * 1024).writeZero(64 * 1024);
        Sink sink = new Sink();
        counted = new EmbeddedChannel(counters.byteCounter(), sink);
        plain = new EmbeddedChannel(sink);
    }

    @TearDown
    public void tearDown() {
        counted.finishAndReleaseAll();
        plain.finishAndReleaseAll();
        read.release();
    }

    @Benchmark
    public void readThroughTheCounter() {
        counted.pipeline().fireChannelRead(read);
    }

    @Benchmark
    public void readWithoutCounter() {
        plain.pipeline().fireChannelRead(read);
    }
}
