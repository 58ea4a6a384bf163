package io.hypha.multiaddr;

/**
 * Unpadded RFC 4648 base32 (alphabet {@code a-z2-7}) as Tor and I2P write host names. Decoding is
 * strict: no padding, only lengths that encode whole bytes, and unused trailing bits must be zero, so
 * each byte string has exactly one text form.
 */
final class Base32Text {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
    private static final int BITS_PER_CHAR = 5;

    private Base32Text() {}

    static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + BITS_PER_CHAR - 1) / BITS_PER_CHAR);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= BITS_PER_CHAR) {
                sb.append(ALPHABET.charAt((buffer >>> (bits - BITS_PER_CHAR)) & 0x1F));
                bits -= BITS_PER_CHAR;
            }
        }
        if (bits > 0) {
            sb.append(ALPHABET.charAt((buffer << (BITS_PER_CHAR - bits)) & 0x1F));
        }
        return sb.toString();
    }

    /** Decodes lower-case text; callers that accept upper case lower it first. */
    static byte[] decode(String text) {
        int bitCount = text.length() * BITS_PER_CHAR;
        int trailing = bitCount % 8;
        // a trailing group of 5 or more bits would be a whole character of nothing
        if (trailing >= BITS_PER_CHAR) {
            throw new MultiaddrException("base32 text of invalid length " + text.length());
        }
        byte[] out = new byte[bitCount / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (int i = 0; i < text.length(); i++) {
            int v = ALPHABET.indexOf(text.charAt(i));
            if (v < 0) {
                throw new MultiaddrException("invalid base32 character '" + text.charAt(i) + "'");
            }
            buffer = (buffer << BITS_PER_CHAR) | v;
            bits += BITS_PER_CHAR;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
            buffer &= (1 << bits) - 1;
        }
        if (buffer != 0) {
            throw new MultiaddrException("non-canonical base32 (trailing bits set)");
        }
        return out;
    }
}
