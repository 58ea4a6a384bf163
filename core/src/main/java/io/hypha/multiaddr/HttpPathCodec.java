package io.hypha.multiaddr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code /http-path} (multiaddr {@code protocols/http-path.md}): binary is the raw path bytes, text is
 * one percent-encoded RFC 3986 path segment. Printing escapes every byte outside the unreserved set
 * ({@code A-Z a-z 0-9 - . _ ~}), so the text reads the same here, in go-multiaddr and in js.
 *
 * <p>Deviation from go-multiaddr, which uses query escaping: a literal '+' in text is a plus sign
 * (RFC 3986), not a space. Go never prints a bare '+' for a space it did not receive as '+', and we
 * print '+' as {@code %2B}, so binary forms agree.
 */
enum HttpPathCodec implements ValueCodec {
    INSTANCE;

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public byte[] parse(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                out.write(raw[i]);
                continue;
            }
            if (i + 2 >= raw.length) {
                throw new MultiaddrException("truncated percent escape in '" + text + "'");
            }
            int hi = Character.digit(raw[i + 1], 16);
            int lo = Character.digit(raw[i + 2], 16);
            if (hi < 0 || lo < 0) {
                throw new MultiaddrException("invalid percent escape in '" + text + "'");
            }
            out.write((hi << 4) | lo);
            i += 2;
        }
        byte[] value = out.toByteArray();
        validate(value);
        // lone surrogates in the text would have become '?': refuse rather than change the path
        Utf8Text.encode(text);
        return value;
    }

    @Override
    public String format(byte[] value) {
        StringBuilder sb = new StringBuilder(value.length * 3);
        for (byte b : value) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    @Override
    public void validate(byte[] value) {
        if (value.length == 0) {
            throw new MultiaddrException("empty HTTP path");
        }
    }
}
