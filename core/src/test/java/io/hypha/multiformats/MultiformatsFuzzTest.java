package io.hypha.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid encodings (flip, replace, insert, delete, truncate, duplicate). Every
 * mutant must either parse, and then re-encode consistently, or throw {@link MultiformatException};
 * any other exception fails. The seeds are fixed so a failure reproduces.
 */
class MultiformatsFuzzTest {
    private static final int ITERATIONS = 25_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final Set<Multibase> CASE_INSENSITIVE = EnumSet.of(
            Multibase.BASE16, Multibase.BASE16_UPPER, Multibase.BASE32, Multibase.BASE32_UPPER,
            Multibase.BASE32_PAD, Multibase.BASE32_PAD_UPPER, Multibase.BASE32_HEX, Multibase.BASE32_HEX_UPPER,
            Multibase.BASE32_HEX_PAD, Multibase.BASE32_HEX_PAD_UPPER, Multibase.BASE36, Multibase.BASE36_UPPER);
    /** Characters worth inserting: padding, separators, look-alikes, non-ASCII, emoji halves. */
    private static final String ODD_CHARACTERS = "=-_+/ 0O1lIQm\u0000\u00ff\u0130\u212a\uD83D\uDE80\uFE0F\u2604";

    @Test
    void varints() {
        List<byte[]> seeds = new ArrayList<>();
        for (long v : new long[] {0, 1, 127, 128, 300, 16384, 0x01a5, 1L << 35, Long.MAX_VALUE}) {
            seeds.add(Varint.encode(v));
        }
        fuzzBytes(1, seeds, bytes -> {
            Varint.Decoded d = Varint.decode(bytes, 0);
            assertArrayEquals(java.util.Arrays.copyOf(bytes, d.length()), Varint.encode(d.value()));
            ByteBuffer in = ByteBuffer.wrap(bytes);
            assertEquals(d.value(), Varint.read(in));
            assertEquals(d.length(), in.position());
        });
    }

    @Test
    void multibaseText() {
        Random random = new Random(2);
        List<String> seeds = new ArrayList<>();
        for (Multibase base : Multibase.values()) {
            for (int length : new int[] {0, 1, 2, 5, 11, 34}) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                if (length > 2) {
                    data[0] = 0;
                }
                if (base == Multibase.IDENTITY) {
                    data = "hypha \u00e9\u4e16".getBytes(UTF_8);
                }
                seeds.add(base.encode(data));
            }
        }
        fuzzText(3, seeds, text -> {
            byte[] bytes = Multibase.decode(text);
            Multibase base = Multibase.of(text);
            String again = base.encode(bytes);
            if (CASE_INSENSITIVE.contains(base)) {
                assertTrue(again.equalsIgnoreCase(text), () -> again + " vs " + text);
            } else {
                assertEquals(text, again);
            }
            assertArrayEquals(bytes, Multibase.decode(again));
        });
    }

    @Test
    void multihashBytes() {
        List<byte[]> seeds = new ArrayList<>();
        byte[] data = "fuzz".getBytes(UTF_8);
        for (HashAlgorithm a : HashAlgorithm.values()) {
            seeds.add(Multihash.digest(a, data).bytes());
        }
        seeds.add(Multihash.of(0x0300, new byte[] {1, 2, 3}).bytes());
        seeds.add(Multihash.digest(HashAlgorithm.BLAKE3, data, Multihash.MAX_DIGEST_LENGTH).bytes());
        fuzzBytes(4, seeds, bytes -> {
            Multihash mh = Multihash.decode(bytes);
            assertArrayEquals(bytes, mh.bytes());
            assertEquals(mh, Multihash.of(mh.code(), mh.digest()));
            ByteBuffer in = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 7).flip();
            assertEquals(mh, Multihash.read(in));
            assertEquals(bytes.length, in.position());
        });
        fuzzBytes(5, seeds, bytes -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Multihash mh = Multihash.read(in);
            assertArrayEquals(java.util.Arrays.copyOf(bytes, in.position()), mh.bytes());
        });
    }

    @Test
    void cidBytesAndText() {
        byte[] data = "fuzz".getBytes(UTF_8);
        Multihash sha = Multihash.digest(HashAlgorithm.SHA2_256, data);
        List<Cid> cids = List.of(Cid.v0(sha), Cid.v1(Multicodec.RAW, sha), Cid.v1(Multicodec.DAG_CBOR,
                Multihash.digest(HashAlgorithm.BLAKE2B_256, data)), Cid.v1(Multicodec.LIBP2P_KEY,
                Multihash.digest(HashAlgorithm.IDENTITY, HEX.parseHex("080112201ed1e8fae2c4a144b8be8fd4b47bf3d3b34b871c"))),
                Cid.v1(0x300000, sha));
        List<byte[]> binary = cids.stream().map(Cid::bytes).toList();
        fuzzBytes(6, binary, bytes -> {
            Cid cid = Cid.decode(bytes);
            assertArrayEquals(bytes, cid.bytes());
            assertEquals(cid, Cid.decode(cid.toString()));
            ByteBuffer in = ByteBuffer.wrap(bytes);
            assertEquals(cid, Cid.read(in));
            assertEquals(bytes.length, in.position());
        });
        fuzzBytes(7, binary, bytes -> {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Cid cid = Cid.read(in);
            assertArrayEquals(java.util.Arrays.copyOf(bytes, in.position()), cid.bytes());
        });
        List<String> text = new ArrayList<>();
        for (Cid cid : cids) {
            text.add(cid.toString());
            if (cid.version() == 1) {
                text.add(cid.toString(Multibase.BASE58_BTC));
                text.add(cid.toString(Multibase.BASE36));
                text.add(cid.toString(Multibase.BASE64_URL_PAD));
            }
        }
        fuzzText(8, text, s -> {
            Cid cid = Cid.decode(s);
            assertEquals(cid, Cid.decode(cid.toString()));
            assertEquals(cid, Cid.decode(cid.bytes()));
            if (cid.version() == 1) {
                assertEquals(cid, Cid.decode(cid.toString(Multibase.of(s))));
            }
        });
    }

    private static void fuzzBytes(long seed, List<byte[]> seeds, Consumer<byte[]> parseAndCheck) {
        Random random = new Random(seed);
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())));
            if (attempt(() -> parseAndCheck.accept(input), () -> HEX.formatHex(input))) {
                parsed++;
            }
        }
        assertTrue(parsed > 0, "no mutant parsed: the harness checks nothing");
    }

    private static void fuzzText(long seed, List<String> seeds, Consumer<String> parseAndCheck) {
        Random random = new Random(seed);
        int parsed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String input = mutate(random, seeds.get(random.nextInt(seeds.size())));
            if (attempt(() -> parseAndCheck.accept(input), () -> escape(input))) {
                parsed++;
            }
        }
        assertTrue(parsed > 0, "no mutant parsed: the harness checks nothing");
    }

    /** True if the input parsed and checked out, false if it was rejected with MultiformatException. */
    private static boolean attempt(Runnable run, java.util.function.Supplier<String> shown) {
        try {
            run.run();
            return true;
        } catch (MultiformatException expected) {
            return false;
        } catch (AssertionError e) {
            throw new AssertionError("inconsistent round trip for " + shown.get() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            fail("input " + shown.get() + " threw " + e, e);
            return false;
        }
    }

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] b = seed.clone();
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> { if (b.length > 0) b[at] ^= (byte) (1 << random.nextInt(8)); }
                case 1 -> { if (b.length > 0) b[at] = (byte) random.nextInt(256); }
                case 2 -> b = splice(b, at, 0, new byte[] {(byte) random.nextInt(256)});
                case 3 -> { if (b.length > 0) b = splice(b, at, 1, new byte[0]); }
                case 4 -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
                default -> {
                    int len = b.length == 0 ? 0 : 1 + random.nextInt(Math.min(8, b.length - at));
                    b = splice(b, at, 0, java.util.Arrays.copyOfRange(b, at, at + len));
                }
            }
        }
        return b;
    }

    private static String mutate(Random random, String seed) {
        StringBuilder s = new StringBuilder(seed);
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            switch (random.nextInt(6)) {
                case 0 -> { if (!s.isEmpty()) s.setCharAt(at, flipCase(s.charAt(at))); }
                case 1 -> { if (!s.isEmpty()) s.setCharAt(at, pick(random, seed)); }
                case 2 -> s.insert(at, pick(random, seed));
                case 3 -> { if (!s.isEmpty()) s.deleteCharAt(at); }
                case 4 -> s.setLength(s.isEmpty() ? 0 : random.nextInt(s.length()));
                default -> {
                    int len = s.isEmpty() ? 0 : 1 + random.nextInt(Math.min(8, s.length() - at));
                    s.insert(at, s.substring(at, at + len));
                }
            }
        }
        return s.toString();
    }

    /** A character from the seed itself (likely valid) or from the odd set (likely not). */
    private static char pick(Random random, String seed) {
        if (!seed.isEmpty() && random.nextBoolean()) {
            return seed.charAt(random.nextInt(seed.length()));
        }
        return ODD_CHARACTERS.charAt(random.nextInt(ODD_CHARACTERS.length()));
    }

    private static char flipCase(char c) {
        return Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u%04x", c)));
        return out.append('"').toString();
    }
}
