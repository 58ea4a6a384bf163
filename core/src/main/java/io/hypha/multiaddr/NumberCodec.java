package io.hypha.multiaddr;

/**
 * Unsigned big-endian numbers printed in decimal: ports ({@code tcp}, {@code udp}, {@code dccp},
 * {@code sctp}: 16 bits), the {@code ipcidr} prefix length (8 bits) and the {@code memory} address
 * (64 bits). Text is ASCII digits only (no sign, no spaces); leading zeros are accepted as Go's
 * {@code strconv.ParseUint} accepts them, and printing is canonical.
 */
enum NumberCodec implements ValueCodec {
    PORT(2),
    IPCIDR(1),
    MEMORY(8);

    private final int bytes;

    NumberCodec(int bytes) {
        this.bytes = bytes;
    }

    @Override
    public byte[] parse(String text) {
        if (text.isEmpty()) {
            throw new MultiaddrException("empty number");
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new MultiaddrException("not a decimal number: '" + text + "'");
            }
            int digit = c - '0';
            // unsigned overflow check against the width of this codec
            if (Long.compareUnsigned(value, Long.divideUnsigned(maxValue() - digit, 10)) > 0) {
                throw new MultiaddrException("'" + text + "' exceeds " + Long.toUnsignedString(maxValue()));
            }
            value = value * 10 + digit;
        }
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    @Override
    public String format(byte[] value) {
        long v = 0;
        for (byte b : value) {
            v = (v << 8) | (b & 0xFF);
        }
        return Long.toUnsignedString(v);
    }

    @Override
    public void validate(byte[] value) {
        // every bit pattern of the right length is a number; the length is checked by the caller
    }

    private long maxValue() {
        return bytes == Long.BYTES ? -1L : (1L << (8 * bytes)) - 1;
    }
}
