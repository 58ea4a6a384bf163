package io.hypha.multiaddr;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for text-valued components (DNS names, zones, unix paths): malformed bytes or lone
 * surrogates are rejected instead of being replaced, so that bytes -> text -> bytes is exact.
 */
final class Utf8Text {
    private Utf8Text() {}

    static String decode(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultiaddrException("not valid UTF-8", e);
        }
    }

    static byte[] encode(String text) {
        try {
            ByteBuffer buf = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MultiaddrException("not valid Unicode text (lone surrogate)", e);
        }
    }
}
