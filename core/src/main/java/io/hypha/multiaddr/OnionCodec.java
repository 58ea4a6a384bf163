package io.hypha.multiaddr;

import java.util.Arrays;
import java.util.Locale;

/**
 * Tor hidden services, {@code host:port}: {@code onion} (v2, 16 base32 characters = 10 bytes) and
 * {@code onion3} (v3, 56 characters = 35 bytes), followed by a big-endian port that must not be 0.
 * Host text is read case-insensitively and printed in lower case, as go-multiaddr does.
 */
enum OnionCodec implements ValueCodec {
    ONION(10),
    ONION3(35);

    private static final int PORT_BYTES = 2;

    private final int hostBytes;

    OnionCodec(int hostBytes) {
        this.hostBytes = hostBytes;
    }

    @Override
    public byte[] parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            throw new MultiaddrException("expected host:port");
        }
        byte[] host = Base32Text.decode(text.substring(0, colon).toLowerCase(Locale.ROOT));
        if (host.length != hostBytes) {
            throw new MultiaddrException("host must be " + hostBytes + " bytes of base32, got " + host.length);
        }
        byte[] port = NumberCodec.PORT.parse(text.substring(colon + 1));
        byte[] value = Arrays.copyOf(host, hostBytes + PORT_BYTES);
        System.arraycopy(port, 0, value, hostBytes, PORT_BYTES);
        validate(value);
        return value;
    }

    @Override
    public String format(byte[] value) {
        return Base32Text.encode(Arrays.copyOf(value, hostBytes)) + ":"
                + NumberCodec.PORT.format(Arrays.copyOfRange(value, hostBytes, hostBytes + PORT_BYTES));
    }

    @Override
    public void validate(byte[] value) {
        if (value.length != hostBytes + PORT_BYTES) {
            throw new MultiaddrException("must be " + (hostBytes + PORT_BYTES) + " bytes");
        }
        if (value[hostBytes] == 0 && value[hostBytes + 1] == 0) {
            throw new MultiaddrException("port 0");
        }
    }
}
