package io.hypha.bench;

import io.hypha.security.noise.CipherState;
import io.hypha.security.noise.NoiseException;
import io.hypha.security.noise.NoiseProtocol;
import io.hypha.security.noise.NoiseTransportDecoder;
import io.hypha.security.noise.NoiseTransportEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Random;

/**
 * Seal+open throughput of maximal (65519-byte) Noise transport frames on one core, to compare with the JDK 25
 * ChaCha20-Poly1305 ceiling (~4 GB/s per direction on this machine kind, ENVIRONMENT.md). A benchmark command,
 * not a test: run it with
 * {@code java -cp core/target/classes:core/target/test-classes:<deps> io.hypha.bench.NoiseSealOpenBench [seconds]}.
 *
 * <p>Reports plaintext bytes per second for: seal only and open only with heap and direct ByteBuffers through
 * {@link CipherState}, and seal+open through the Netty encoder and decoder with pooled buffers (each frame is
 * sealed once and opened once, so this is the end-to-end cost of one frame on one core).
 */
public final class NoiseSealOpenBench {
    private static final int FRAME = NoiseProtocol.MAX_PLAINTEXT_LENGTH;
    private static final int DEFAULT_SECONDS = 3;
    private static final int ROUNDS = 3;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_SECONDS;
        System.out.println("java " + Runtime.version() + ", frame " + FRAME + " B, " + seconds + " s per run");
        for (int round = 0; round < ROUNDS; round++) {
            report("seal, heap ByteBuffer", sealOnly(false, seconds));
            report("seal, direct ByteBuffer", sealOnly(true, seconds));
            report("open, heap ByteBuffer", openOnly(false, seconds));
            report("open, direct ByteBuffer", openOnly(true, seconds));
            report("seal+open, Netty encoder -> decoder", throughNetty(seconds));
        }
    }

    private static double sealOnly(boolean direct, int seconds) throws NoiseException {
        CipherState sender = new CipherState(key());
        ByteBuffer in = buffer(FRAME, direct);
        fill(in);
        ByteBuffer out = buffer(FRAME + NoiseProtocol.TAG_LENGTH, direct);
        long bytes = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            in.clear();
            out.clear();
            sender.encrypt(in, out);
            bytes += FRAME;
        }
        return bytes / ((System.nanoTime() - start) / 1e9);
    }

    private static double openOnly(boolean direct, int seconds) throws NoiseException {
        // seal a batch of consecutive frames once, then open them in a loop with a receiver whose counter is reset
        int batch = 64;
        CipherState sender = new CipherState(key());
        ByteBuffer[] sealed = new ByteBuffer[batch];
        ByteBuffer in = buffer(FRAME, direct);
        fill(in);
        for (int i = 0; i < batch; i++) {
            in.clear();
            sealed[i] = buffer(FRAME + NoiseProtocol.TAG_LENGTH, direct);
            sender.encrypt(in, sealed[i]);
            sealed[i].flip();
        }
        CipherState receiver = new CipherState(key());
        ByteBuffer out = buffer(FRAME, direct);
        long bytes = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            receiver.setNonce(0);
            for (ByteBuffer frame : sealed) {
                frame.rewind();
                out.clear();
                receiver.decrypt(frame, out);
            }
            bytes += (long) FRAME * batch;
        }
        return bytes / ((System.nanoTime() - start) / 1e9);
    }

    private static double throughNetty(int seconds) {
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseTransportEncoder(new CipherState(key())));
        EmbeddedChannel receiver = new EmbeddedChannel(new NoiseTransportDecoder(new CipherState(key())));
        sender.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        receiver.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        ByteBuf payload = PooledByteBufAllocator.DEFAULT.directBuffer(FRAME);
        byte[] random = new byte[FRAME];
        new Random(1).nextBytes(random);
        payload.writeBytes(random);
        long bytes = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            sender.writeAndFlush(payload.retainedDuplicate());
            ByteBuf frame = sender.readOutbound();
            receiver.writeInbound(frame);
            ByteBuf plaintext = receiver.readInbound();
            bytes += plaintext.readableBytes();
            plaintext.release();
        }
        double rate = bytes / ((System.nanoTime() - start) / 1e9);
        payload.release();
        sender.finishAndReleaseAll();
        receiver.finishAndReleaseAll();
        return rate;
    }

    private static void report(String what, double bytesPerSecond) {
        System.out.println(String.format(Locale.ROOT, "%-40s %6.2f GB/s", what, bytesPerSecond / 1e9));
    }

    private static byte[] key() {
        byte[] key = new byte[NoiseProtocol.KEY_LENGTH];
        new Random(2).nextBytes(key);
        return key;
    }

    private static ByteBuffer buffer(int size, boolean direct) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    private static void fill(ByteBuffer buffer) {
        byte[] random = new byte[buffer.remaining()];
        new Random(3).nextBytes(random);
        buffer.put(random).clear();
    }

    private NoiseSealOpenBench() {}
}
