package io.hypha.multiaddr;

/** {@code /ip4} (4 bytes) and {@code /ip6} (16 bytes) addresses; see {@link IpLiterals}. */
enum IpCodec implements ValueCodec {
    IP4 {
        @Override
        public byte[] parse(String text) {
            return IpLiterals.parseIp4(text);
        }

        @Override
        public String format(byte[] value) {
            return IpLiterals.formatIp4(value);
        }
    },
    IP6 {
        @Override
        public byte[] parse(String text) {
            return IpLiterals.parseIp6(text);
        }

        @Override
        public String format(byte[] value) {
            return IpLiterals.formatIp6(value);
        }
    };

    @Override
    public void validate(byte[] value) {
        // every bit pattern of the right length is an address; the length is checked by the caller
    }
}
