package io.hypha.multiformats;

import java.util.Arrays;

/**
 * The RFC 4648 family: each character carries a fixed number of bits, written most significant first
 * (base2, base8, base16, the base32 variants, base64 and base64url). Decoding is strict: a character
 * outside the alphabet, a length no encoder produces, set bits after the last whole byte, or padding
 * that is missing, misplaced or present where the base has none are all rejected, so every accepted
 * text re-encodes to itself (up to letter case for the case-insensitive bases).
 */
final class BitwiseCodec implements BaseCodec {
    private static final char PAD = '=';
    private static final int ASCII = 128;

    private final String name;
    private final char[] alphabet;
    private final int bitsPerChar;
    private final boolean padded;
    /** Characters per padded block: lcm(8, bits) / bits. */
    private final int blockChars;
    private final byte[] values = new byte[ASCII];

    BitwiseCodec(String name, String alphabet, boolean padded, boolean caseInsensitive) {
        this.name = name;
        this.alphabet = alphabet.toCharArray();
        this.bitsPerChar = Integer.numberOfTrailingZeros(alphabet.length());
        if (1 << bitsPerChar != alphabet.length()) {
            throw new IllegalArgumentException(name + ": alphabet size " + alphabet.length() + " is not a power of two");
        }
        this.padded = padded;
        int lcm = 8;
        while (lcm % bitsPerChar != 0) {
            lcm += 8;
        }
        this.blockChars = lcm / bitsPerChar;
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < this.alphabet.length; i++) {
            char c = this.alphabet[i];
            values[c] = (byte) i;
            if (caseInsensitive) {
                values[Character.toLowerCase(c)] = (byte) i;
                values[Character.toUpperCase(c)] = (byte) i;
            }
        }
    }

    @Override
    public String encode(byte[] data) {
        int chars = (int) (((long) data.length * 8 + bitsPerChar - 1) / bitsPerChar);
        int total = padded ? (chars + blockChars - 1) / blockChars * blockChars : chars;
        char[] out = new char[total];
        int mask = (1 << bitsPerChar) - 1;
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= bitsPerChar) {
                bits -= bitsPerChar;
                out[o++] = alphabet[(buffer >>> bits) & mask];
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) {
            out[o++] = alphabet[(buffer << (bitsPerChar - bits)) & mask];
        }
        Arrays.fill(out, o, total, PAD);
        return new String(out);
    }

    @Override
    public byte[] decode(String text, int from) {
        int end = text.length();
        if (padded) {
            if ((end - from) % blockChars != 0) {
                throw new MultiformatException(name + ": padded text of " + (end - from)
                        + " characters is not a multiple of " + blockChars);
            }
            while (end > from && text.charAt(end - 1) == PAD) {
                end--;
            }
            if (text.length() - end >= blockChars) {
                throw new MultiformatException(name + ": a whole block of padding");
            }
        }
        int length = end - from;
        long totalBits = (long) length * bitsPerChar;
        if (totalBits % 8 >= bitsPerChar) {
            throw new MultiformatException(name + ": " + length + " characters is not a length this base produces");
        }
        byte[] out = new byte[(int) (totalBits / 8)];
        int buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = from; i < end; i++) {
            char c = text.charAt(i);
            int v = c < ASCII ? values[c] : -1;
            if (v < 0) {
                String what = c == PAD ? "unexpected padding" : "invalid character " + BaseCodec.describe(c);
                throw new MultiformatException(name + ": " + what + " at index " + (i - from));
            }
            buffer = (buffer << bitsPerChar) | v;
            bits += bitsPerChar;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (byte) (buffer >>> bits);
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) {
            throw new MultiformatException(name + ": non-zero bits after the last byte (non-canonical encoding)");
        }
        return out;
    }
}
