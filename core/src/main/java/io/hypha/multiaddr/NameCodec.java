package io.hypha.multiaddr;

/**
 * Free-form names: {@code dns}, {@code dns4}, {@code dns6}, {@code dnsaddr}, {@code sni} (a host
 * name) and {@code ip6zone} (RFC 4007 zone id). As in go-multiaddr the value is any non-empty UTF-8
 * text without '/', which would end the component in the text form. Names are not lower-cased or
 * IDNA-converted: the bytes are what the peer wrote.
 */
enum NameCodec implements Utf8ValueCodec {
    INSTANCE;

    @Override
    public void validate(byte[] value) {
        if (value.length == 0) {
            throw new MultiaddrException("empty name");
        }
        for (byte b : value) {
            if (b == '/') {
                throw new MultiaddrException("name contains '/'");
            }
        }
        Utf8Text.decode(value);
    }
}
