package io.hypha.multiaddr;

import java.util.Base64;

/**
 * I2P destinations. {@code garlic64}: a full destination in I2P's base64 alphabet ('-' and '~' for
 * '+' and '/', padded), at least {@value #MIN_GARLIC64_BYTES} bytes. {@code garlic32}: a base32
 * address (lower case, unpadded) of exactly 32 bytes or, for encrypted lease sets, at least
 * {@value #MIN_GARLIC32_ENCRYPTED_BYTES} (https://geti2p.net/spec/b32encrypted). Decoding is
 * canonical only, so text and binary map one to one.
 */
enum GarlicCodec implements ValueCodec {
    GARLIC64 {
        @Override
        public byte[] parse(String text) {
            if (text.indexOf('+') >= 0) {
                throw new MultiaddrException("not I2P base64");
            }
            byte[] value;
            try {
                value = Base64.getDecoder().decode(text.replace('-', '+').replace('~', '/'));
            } catch (IllegalArgumentException e) {
                throw new MultiaddrException("not I2P base64: " + e.getMessage(), e);
            }
            if (!format(value).equals(text)) {
                throw new MultiaddrException("non-canonical I2P base64");
            }
            validate(value);
            return value;
        }

        @Override
        public String format(byte[] value) {
            return Base64.getEncoder().encodeToString(value).replace('+', '-').replace('/', '~');
        }

        @Override
        public void validate(byte[] value) {
            if (value.length < MIN_GARLIC64_BYTES) {
                throw new MultiaddrException("I2P destination of " + value.length + " bytes, need at least "
                        + MIN_GARLIC64_BYTES);
            }
        }
    },
    GARLIC32 {
        @Override
        public byte[] parse(String text) {
            byte[] value = Base32Text.decode(text);
            validate(value);
            return value;
        }

        @Override
        public String format(byte[] value) {
            return Base32Text.encode(value);
        }

        @Override
        public void validate(byte[] value) {
            if (value.length != GARLIC32_BYTES && value.length < MIN_GARLIC32_ENCRYPTED_BYTES) {
                throw new MultiaddrException("I2P base32 address of " + value.length + " bytes, need "
                        + GARLIC32_BYTES + " or at least " + MIN_GARLIC32_ENCRYPTED_BYTES);
            }
        }
    };

    /** go-multiaddr's lower bound; a destination is a 256-byte key, a 128-byte key and a 3+ byte certificate. */
    static final int MIN_GARLIC64_BYTES = 386;
    /** A plain b32 address is the SHA-256 of the destination. */
    static final int GARLIC32_BYTES = 32;
    /** Encrypted lease set b32 addresses are at least 35 bytes. */
    static final int MIN_GARLIC32_ENCRYPTED_BYTES = 35;
}
