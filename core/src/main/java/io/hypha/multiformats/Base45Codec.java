package io.hypha.multiformats;

import java.util.Arrays;

/**
 * Base45 (RFC 9285): every two bytes, read as a big-endian 16-bit number n, become three characters
 * c, d, e with n = c + 45d + 2025e; a last odd byte becomes two. Only the RFC's upper-case alphabet
 * is accepted, and a triple above 65535 (or a pair above 255) is rejected as the RFC requires.
 */
final class Base45Codec implements BaseCodec {
    private static final String NAME = "base45";
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:".toCharArray();
    private static final int RADIX = 45;
    private static final int ASCII = 128;
    private static final byte[] VALUES = new byte[ASCII];

    static {
        Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            VALUES[ALPHABET[i]] = (byte) i;
        }
    }

    @Override
    public String encode(byte[] data) {
        StringBuilder out = new StringBuilder(data.length / 2 * 3 + 2);
        int i = 0;
        for (; i + 1 < data.length; i += 2) {
            int n = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
            out.append(ALPHABET[n % RADIX]).append(ALPHABET[n / RADIX % RADIX]).append(ALPHABET[n / (RADIX * RADIX)]);
        }
        if (i < data.length) {
            int n = data[i] & 0xFF;
            out.append(ALPHABET[n % RADIX]).append(ALPHABET[n / RADIX]);
        }
        return out.toString();
    }

    @Override
    public byte[] decode(String text, int from) {
        int length = text.length() - from;
        if (length % 3 == 1) {
            throw new MultiformatException(NAME + ": " + length + " characters is not a length this base produces");
        }
        byte[] out = new byte[length / 3 * 2 + (length % 3 == 2 ? 1 : 0)];
        int o = 0;
        for (int i = from; i < text.length(); ) {
            int chars = Math.min(3, text.length() - i);
            int n = 0;
            int scale = 1;
            for (int j = 0; j < chars; j++, i++) {
                n += value(text, i, from) * scale;
                scale *= RADIX;
            }
            if (chars == 3) {
                if (n > 0xFFFF) {
                    throw new MultiformatException(NAME + ": triple ending at index " + (i - from) + " exceeds 65535");
                }
                out[o++] = (byte) (n >>> 8);
            } else if (n > 0xFF) {
                throw new MultiformatException(NAME + ": final pair exceeds 255");
            }
            out[o++] = (byte) n;
        }
        return out;
    }

    private static int value(String text, int i, int from) {
        char c = text.charAt(i);
        int v = c < ASCII ? VALUES[c] : -1;
        if (v < 0) {
            throw new MultiformatException(NAME + ": invalid character " + BaseCodec.describe(c) + " at index " + (i - from));
        }
        return v;
    }
}
