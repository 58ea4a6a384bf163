package io.hypha.multistream;

import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoding of multistream-select messages: {@code uvarint(len) ‖ UTF-8 text ‖ '\n'}, where {@code len}
 * counts the newline (multistream-select README, notes 1 and 2).
 */
public final class MultistreamCodec {
    private static final byte NEWLINE = '\n';
    /** The encoded header, which both sides send first; package-private so nobody can change its content. */
    static final byte[] HEADER = encode(MultistreamProtocol.PROTOCOL_ID);

    private MultistreamCodec() {}

    /** Encodes one message carrying {@code text}, which must not contain a newline. */
    public static byte[] encode(String text) {
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a multistream message must not contain a newline");
        }
        return frame(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Encodes the answer to {@code ls}: one message whose body is every id as a length-prefixed line, then
     * the message's own {@code '\n'} (go-multistream, rust-libp2p and js-multistream-select all send this).
     */
    public static byte[] encodeList(List<String> ids) {
        ByteBuffer body = ByteBuffer.allocate(listBodySize(ids));
        for (String id : ids) {
            byte[] text = MultistreamProtocol.requireValidId(id).getBytes(StandardCharsets.UTF_8);
            Varint.write(text.length + 1, body);
            body.put(text).put(NEWLINE);
        }
        return frame(body.array());
    }

    /**
     * Decodes the body of an {@code ls} answer (the bytes after the length prefix, final {@code '\n'} included).
     *
     * @throws NegotiationException with {@link NegotiationException.Reason#PROTOCOL_ERROR} when a line is malformed
     *     or there are more than {@link MultistreamProtocol#MAX_LISTED_PROTOCOLS} ids
     */
    public static List<String> decodeList(byte[] body) throws NegotiationException {
        List<String> ids = new ArrayList<>();
        int offset = 0;
        int end = body.length - 1;
        if (end < 0 || body[end] != NEWLINE) {
            throw protocolError("ls answer does not end with a newline");
        }
        while (offset < end) {
            if (ids.size() == MultistreamProtocol.MAX_LISTED_PROTOCOLS) {
                throw protocolError("ls answer lists more than " + MultistreamProtocol.MAX_LISTED_PROTOCOLS + " ids");
            }
            Varint.Decoded length;
            try {
                length = Varint.decode(body, offset, end);
            } catch (MultiformatException e) {
                throw new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, "ls answer: " + e.getMessage(), e);
            }
            int start = offset + length.length();
            if (length.value() < 1 || length.value() > end - start) {
                throw protocolError("ls answer: line length " + length.value() + " does not fit the message");
            }
            int lineEnd = start + (int) length.value();
            byte[] line = new byte[lineEnd - start];
            System.arraycopy(body, start, line, 0, line.length);
            ids.add(decodeText(line));
            offset = lineEnd;
        }
        return List.copyOf(ids);
    }

    /**
     * Decodes a message body (text plus {@code '\n'}) to its text.
     *
     * @throws NegotiationException with {@link NegotiationException.Reason#PROTOCOL_ERROR} when the body does not
     *     end with a newline or is not valid UTF-8
     */
    public static String decodeText(byte[] body) throws NegotiationException {
        if (body.length == 0 || body[body.length - 1] != NEWLINE) {
            throw protocolError("message does not end with a newline");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, 0, body.length - 1))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, "message is not valid UTF-8", e);
        }
    }

    /** Size of the lines, without the message's own newline that {@link #frame} appends. */
    private static int listBodySize(List<String> ids) {
        int size = 0;
        for (String id : ids) {
            int length = id.getBytes(StandardCharsets.UTF_8).length + 1;
            size += Varint.size(length) + length;
        }
        return size;
    }

    private static byte[] frame(byte[] text) {
        int length = text.length + 1;
        byte[] out = new byte[Varint.size(length) + length];
        int offset = Varint.write(length, out, 0);
        System.arraycopy(text, 0, out, offset, text.length);
        out[out.length - 1] = NEWLINE;
        return out;
    }

    private static NegotiationException protocolError(String message) {
        return new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, message);
    }
}
