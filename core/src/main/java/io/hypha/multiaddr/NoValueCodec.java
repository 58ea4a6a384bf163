package io.hypha.multiaddr;

/** The codec of protocols that carry no value ({@code /tcp/1/tls}, {@code /quic-v1}, ...). */
enum NoValueCodec implements ValueCodec {
    INSTANCE;

    private static final byte[] EMPTY = new byte[0];

    @Override
    public byte[] parse(String text) {
        if (!text.isEmpty()) {
            throw new MultiaddrException("takes no value");
        }
        return EMPTY;
    }

    @Override
    public String format(byte[] value) {
        return "";
    }

    @Override
    public void validate(byte[] value) {
        if (value.length != 0) {
            throw new MultiaddrException("takes no value");
        }
    }
}
