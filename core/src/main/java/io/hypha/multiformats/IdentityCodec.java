package io.hypha.multiformats;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The identity base (multibase rfcs/identity.md): the text is the data read as UTF-8. Only data that is
 * valid UTF-8 can be encoded, and only text without unpaired surrogates can be decoded; both directions
 * report rather than replace, so nothing is silently altered.
 */
final class IdentityCodec implements BaseCodec {
    private static final String NAME = "identity";

    @Override
    public String encode(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MultiformatException(NAME + ": data is not valid UTF-8, so it has no identity-base text", e);
        }
    }

    @Override
    public byte[] decode(String text, int from) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text, from, text.length()));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MultiformatException(NAME + ": text holds an unpaired surrogate, so it is not UTF-8", e);
        }
    }
}
