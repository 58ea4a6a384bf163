package io.hypha.multiaddr;

/**
 * {@code /unix}: a path protocol. In text it takes the rest of the multiaddr, so
 * {@code /unix/tmp/p2p.sock} is the path {@code /tmp/p2p.sock}; in binary the value is that path,
 * leading '/' included (go-multiaddr's encoding). The path must be UTF-8, start with '/', be longer
 * than "/" and not end with '/' (the text parser strips trailing slashes, so such a path could not
 * round-trip).
 */
enum UnixPathCodec implements Utf8ValueCodec {
    INSTANCE;

    private static final int MIN_PATH_BYTES = 2;

    @Override
    public void validate(byte[] value) {
        if (value.length < MIN_PATH_BYTES) {
            throw new MultiaddrException("path too short");
        }
        if (value[0] != '/') {
            throw new MultiaddrException("path must begin with '/'");
        }
        if (value[value.length - 1] == '/') {
            throw new MultiaddrException("path must not end with '/'");
        }
        Utf8Text.decode(value);
    }
}
