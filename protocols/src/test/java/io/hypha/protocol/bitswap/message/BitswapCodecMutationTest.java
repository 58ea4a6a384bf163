package io.hypha.protocol.bitswap.message;

import static io.hypha.protocol.bitswap.message.BitswapFrames.concat;
import static io.hypha.protocol.bitswap.message.BitswapFrames.field;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.protocol.bitswap.BitswapProtocol;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames, from a fixed seed so a failure repeats: decoding throws nothing but
 * {@link MalformedMessageException}, and what decodes encodes to a frame that decodes to the same message. Jazzer's
 * {@link BitswapCodecFuzzTest} searches the same property guided by coverage; this one runs with the unit tests.
 */
class BitswapCodecMutationTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final long SEED = 0xb175a9L;
    private static final int MUTANTS_PER_SEED = 1000;
    private static final int RANDOM_FRAMES = 10_000;
    /**
     * Frames up to this long must re-encode: a 1.0.0 block of two bytes grows to eight as a 1.1.0 payload, so a
     * frame of a quarter of the limit or less still fits it.
     */
    private static final int MAX_ROUND_TRIP_INPUT = BitswapProtocol.MAX_MESSAGE_BYTES / 4;

    @Test
    void mutatedFramesDecodeOrAreMalformed() {
        Random random = new Random(SEED);
        List<byte[]> seeds = seeds();
        int decoded = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < MUTANTS_PER_SEED; i++) {
                if (check(mutate(seed, seeds, random))) {
                    decoded++;
                }
            }
        }
        // the mutations must reach past the parser, or this test proves little
        assertTrue(decoded > seeds.size() * MUTANTS_PER_SEED / 20, decoded + " decoded");
    }

    @Test
    void randomFramesDecodeOrAreMalformed() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < RANDOM_FRAMES; i++) {
            byte[] frame = new byte[random.nextInt(64)];
            random.nextBytes(frame);
            check(frame);
        }
    }

    /**
     * Decodes {@code frame}; when it decodes, checks the round trip through every version that keeps the message
     * whole. Any exception but {@link MalformedMessageException} escapes and fails the caller.
     *
     * @return whether the frame decoded
     */
    static boolean check(byte[] frame) {
        BitswapMessage message;
        try {
            message = BitswapCodec.decode(ByteBuffer.wrap(frame));
        } catch (MalformedMessageException rejected) {
            return false;
        }
        if (frame.length > MAX_ROUND_TRIP_INPUT) {
            return true;
        }
        for (BitswapVersion version : List.of(BitswapVersion.V1_1_0, BitswapVersion.V1_2_0)) {
            byte[] encoded = BitswapCodec.encode(message, version);
            BitswapMessage again;
            try {
                again = BitswapCodec.decode(ByteBuffer.wrap(encoded));
            } catch (MalformedMessageException e) {
                throw new AssertionError("our own encoding of " + HEX.formatHex(frame) + " is malformed", e);
            }
            assertEquals(message, again, HEX.formatHex(frame));
            assertArrayEquals(encoded, BitswapCodec.encode(again, version));
        }
        return true;
    }

    /** Valid frames of every kind (the corpus of {@link BitswapCodecFuzzTest} holds the same). */
    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (BitswapVersion v : BitswapVersion.values()) {
            BitswapMessage rich = BitswapCodecTest.rich();
            if (v == BitswapVersion.V1_0_0) {
                rich = new BitswapMessage(rich.wantlist(), rich.full(), List.of(rich.blocks().get(1)), List.of(), 0);
            }
            seeds.add(BitswapCodec.encode(rich, v));
        }
        seeds.add(HEX.parseHex("0a2e0a2c0a2401551220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447100120012801"));
        seeds.add(HEX.parseHex("1a140a0401551220120c68656c6c6f20776f726c640a"));
        seeds.add(HEX.parseHex("22280a2401551220a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a4471001"));
        // an identity block and a block of an unsupported function
        seeds.add(concat(field(3, concat(field(1, HEX.parseHex("01550004")), field(2, new byte[] {1, 2, 3, 4}))),
                field(3, concat(field(1, HEX.parseHex("01552208")), field(2, new byte[] {5})))));
        return seeds;
    }

    private static byte[] mutate(byte[] seed, List<byte[]> seeds, Random random) {
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && b.length > 0; r++) {
            int at = random.nextInt(b.length);
            b = switch (random.nextInt(7)) {
                case 0 -> {
                    b[at] = (byte) random.nextInt(256);
                    yield b;
                }
                case 1 -> {
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    yield b;
                }
                case 2 -> {
                    b[at] = (byte) (b[at] + (random.nextBoolean() ? 1 : -1));
                    yield b;
                }
                case 3 -> Arrays.copyOf(b, at); // truncate
                case 4 -> concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1
                        + random.nextInt(4)), b.length)); // delete
                case 5 -> concat(Arrays.copyOf(b, at), new byte[] {(byte) random.nextInt(256)},
                        Arrays.copyOfRange(b, at, b.length)); // insert
                default -> {
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int from = random.nextInt(other.length);
                    yield concat(Arrays.copyOf(b, at), Arrays.copyOfRange(other, from, other.length)); // splice
                }
            };
        }
        return b;
    }
}
