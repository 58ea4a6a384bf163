package io.hypha.node.unixfs;

/**
 * MurmurHash3 x64 128-bit with seed 0, of which the UnixFS HAMT uses the first 64 bits ({@code h1}), big-endian:
 * the multicodec {@code murmur3-x64-64} (0x22), as boxo's {@code hamt/util.go} (spaolacci/murmur3 {@code New64})
 * and js {@code @multiformats/murmur3} compute it (ipfs/specs {@code unixfs.md}, "HAMTDirectory").
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final int BLOCK_BYTES = 16;

    private Murmur3() {}

    /** The first 64 bits of MurmurHash3_x64_128(data, seed 0). */
    static long x64_64(byte[] data) {
        long h1 = 0;
        long h2 = 0;
        int len = data.length;
        int blocks = len / BLOCK_BYTES;
        for (int i = 0; i < blocks; i++) {
            long k1 = littleEndian(data, i * BLOCK_BYTES, 8);
            long k2 = littleEndian(data, i * BLOCK_BYTES + 8, 8);
            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27) + h2;
            h1 = h1 * 5 + 0x52dce729;
            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31) + h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks * BLOCK_BYTES;
        int rest = len - tail;
        if (rest > 8) {
            h2 ^= mixK2(littleEndian(data, tail + 8, rest - 8));
        }
        if (rest > 0) {
            h1 ^= mixK1(littleEndian(data, tail, Math.min(rest, 8)));
        }
        h1 ^= len;
        h2 ^= len;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        return h1;
    }

    private static long mixK1(long k1) {
        return Long.rotateLeft(k1 * C1, 31) * C2;
    }

    private static long mixK2(long k2) {
        return Long.rotateLeft(k2 * C2, 33) * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndian(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[off + i] & 0xFF);
        }
        return v;
    }
}
