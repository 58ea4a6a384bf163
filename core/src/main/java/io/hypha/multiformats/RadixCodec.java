package io.hypha.multiformats;

import java.util.Arrays;

/**
 * Bases that read the bytes as one big-endian number (base10, base36, base58btc, base58flickr): each
 * leading zero byte becomes one leading zero digit and back, the rest is the number in the radix
 * (multibase rfcs/Base10.md, rfcs/Base36.md; base58 as in draft-msporny-base58).
 *
 * <p>Without BigInteger: encoding keeps the number in limbs of {@code radix^k} (the largest power below
 * 2^30) and feeds it 32 input bits at a time; decoding keeps it in 32-bit limbs and feeds it {@code k}
 * digits at a time. Both are quadratic in the input, which is why data is capped at
 * {@link Multibase#MAX_RADIX_INPUT} bytes and text at the length that much data encodes to.
 */
final class RadixCodec implements BaseCodec {
    private static final int ASCII = 128;
    private static final long LIMB_LIMIT = 1L << 30;

    private final String name;
    private final char[] alphabet;
    private final int radix;
    private final byte[] values = new byte[ASCII];
    /** Digits per encoding limb. */
    private final int digitsPerLimb;
    /** powers[i] = radix^i for i up to digitsPerLimb. */
    private final long[] powers;
    private final double bitsPerDigit;
    /** The longest text {@link Multibase#MAX_RADIX_INPUT} bytes encode to. */
    private final int maxTextLength;

    RadixCodec(String name, String alphabet, boolean caseInsensitive) {
        this.name = name;
        this.alphabet = alphabet.toCharArray();
        this.radix = alphabet.length();
        int k = 0;
        long p = 1;
        while (p * radix < LIMB_LIMIT) {
            p *= radix;
            k++;
        }
        this.digitsPerLimb = k;
        this.powers = new long[k + 1];
        powers[0] = 1;
        for (int i = 1; i <= k; i++) {
            powers[i] = powers[i - 1] * radix;
        }
        this.bitsPerDigit = Math.log(radix) / Math.log(2);
        this.maxTextLength = (int) Math.ceil(Multibase.MAX_RADIX_INPUT * 8 / bitsPerDigit);
        Arrays.fill(values, (byte) -1);
        for (int i = 0; i < radix; i++) {
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
        int n = data.length;
        if (n > Multibase.MAX_RADIX_INPUT) {
            throw new MultiformatException(name + ": cannot encode " + n + " bytes, more than "
                    + Multibase.MAX_RADIX_INPUT);
        }
        int zeros = 0;
        while (zeros < n && data[zeros] == 0) {
            zeros++;
        }
        long base = powers[digitsPerLimb];
        int maxDigits = (int) Math.ceil((n - zeros) * 8 / bitsPerDigit) + 1;
        int[] limbs = new int[maxDigits / digitsPerLimb + 2];
        int len = 0;
        int i = zeros;
        // Feed the bytes in 32-bit groups (the first group takes the remainder) to keep the
        // quadratic inner loop a quarter as long as byte-at-a-time.
        int head = (n - zeros) % 4;
        int group = head == 0 ? 4 : head;
        while (i < n) {
            long chunk = 0;
            for (int j = 0; j < group; j++) {
                chunk = (chunk << 8) | (data[i++] & 0xFF);
            }
            long multiplier = 1L << (8 * group);
            long carry = chunk;
            for (int j = 0; j < len; j++) {
                long x = limbs[j] * multiplier + carry;
                limbs[j] = (int) (x % base);
                carry = x / base;
            }
            while (carry != 0) {
                limbs[len++] = (int) (carry % base);
                carry /= base;
            }
            group = 4;
        }
        int topDigits = 0;
        if (len > 0) {
            for (int top = limbs[len - 1]; top != 0; top /= radix) {
                topDigits++;
            }
        }
        int total = zeros + (len == 0 ? 0 : topDigits + (len - 1) * digitsPerLimb);
        char[] out = new char[total];
        Arrays.fill(out, 0, zeros, alphabet[0]);
        int o = total;
        for (int j = 0; j < len; j++) {
            int limb = limbs[j];
            int digits = j == len - 1 ? topDigits : digitsPerLimb;
            for (int d = 0; d < digits; d++) {
                out[--o] = alphabet[limb % radix];
                limb /= radix;
            }
        }
        return new String(out);
    }

    @Override
    public byte[] decode(String text, int from) {
        int end = text.length();
        int length = end - from;
        if (length > maxTextLength) {
            throw new MultiformatException(name + ": text of " + length + " characters is longer than "
                    + maxTextLength + ", the encoding of " + Multibase.MAX_RADIX_INPUT + " bytes");
        }
        char zero = alphabet[0];
        int zeros = 0;
        while (from + zeros < end && text.charAt(from + zeros) == zero) {
            zeros++;
        }
        int digits = length - zeros;
        int[] limbs = new int[(int) Math.ceil(digits * bitsPerDigit / 32) + 1];
        int len = 0;
        int i = from + zeros;
        int head = digits % digitsPerLimb;
        int group = head == 0 ? digitsPerLimb : head;
        while (i < end) {
            long chunk = 0;
            for (int j = 0; j < group; j++, i++) {
                char c = text.charAt(i);
                int v = c < ASCII ? values[c] : -1;
                if (v < 0) {
                    throw new MultiformatException(name + ": invalid character " + BaseCodec.describe(c)
                            + " at index " + (i - from));
                }
                chunk = chunk * radix + v;
            }
            long multiplier = powers[group];
            long carry = chunk;
            for (int j = 0; j < len; j++) {
                long x = (limbs[j] & 0xFFFFFFFFL) * multiplier + carry;
                limbs[j] = (int) x;
                carry = x >>> 32;
            }
            if (carry != 0) {
                limbs[len++] = (int) carry;
            }
            group = digitsPerLimb;
        }
        int topBytes = len == 0 ? 0 : 4 - Integer.numberOfLeadingZeros(limbs[len - 1]) / 8;
        int significant = len == 0 ? 0 : topBytes + (len - 1) * 4;
        byte[] out = new byte[zeros + significant];
        int o = out.length;
        for (int j = 0; j < len; j++) {
            int limb = limbs[j];
            int bytes = j == len - 1 ? topBytes : 4;
            for (int b = 0; b < bytes; b++) {
                out[--o] = (byte) limb;
                limb >>>= 8;
            }
        }
        return out;
    }
}
