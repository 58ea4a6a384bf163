package io.hypha.multiaddr;

/**
 * A value whose binary form is its text form in strict UTF-8 ({@link Utf8Text}): names and unix
 * paths. Parsing encodes the text and validates the bytes; printing decodes them. Implementations
 * supply only {@link #validate}.
 */
interface Utf8ValueCodec extends ValueCodec {
    @Override
    default byte[] parse(String text) {
        byte[] value = Utf8Text.encode(text);
        validate(value);
        return value;
    }

    @Override
    default String format(byte[] value) {
        return Utf8Text.decode(value);
    }
}
