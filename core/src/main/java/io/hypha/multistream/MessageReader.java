package io.hypha.multistream;

import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Varint;
import java.nio.ByteBuffer;

/**
 * Reads length-prefixed multistream messages from input that arrives in arbitrary pieces. It consumes only the
 * bytes of the message it is reading and never a byte beyond it, so whatever follows the last negotiation message
 * stays in the caller's buffer for the next protocol. A partial message is copied into this reader (at most
 * {@link Varint#MAX_BYTES} plus the size limit).
 */
final class MessageReader {
    private final byte[] prefix = new byte[Varint.MAX_BYTES];
    private int prefixLength;
    private byte[] body;
    private int filled;

    /**
     * Reads from {@code in} until one message is complete or {@code in} is exhausted, advancing its position over
     * the bytes taken.
     *
     * @param maxLength the largest length prefix accepted
     * @return the message body (text plus {@code '\n'}), or {@code null} when more input is needed
     * @throws NegotiationException when the length prefix is malformed, zero or over {@code maxLength}
     */
    byte[] read(ByteBuffer in, int maxLength) throws NegotiationException {
        if (body == null && !readPrefix(in, maxLength)) {
            return null;
        }
        int n = Math.min(in.remaining(), body.length - filled);
        in.get(body, filled, n);
        filled += n;
        if (filled < body.length) {
            return null;
        }
        byte[] message = body;
        body = null;
        filled = 0;
        prefixLength = 0;
        return message;
    }

    private boolean readPrefix(ByteBuffer in, int maxLength) throws NegotiationException {
        while (in.hasRemaining()) {
            if (prefixLength == prefix.length) {
                throw new NegotiationException(
                        NegotiationException.Reason.PROTOCOL_ERROR, "length prefix is longer than " + Varint.MAX_BYTES + " bytes");
            }
            byte b = in.get();
            prefix[prefixLength++] = b;
            if ((b & 0x80) == 0) {
                long length = decodePrefix();
                if (length == 0) {
                    throw new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, "empty message (length 0)");
                }
                if (length > maxLength) {
                    throw new NegotiationException(NegotiationException.Reason.MESSAGE_TOO_LARGE,
                            "message of " + length + " bytes exceeds the limit of " + maxLength);
                }
                body = new byte[(int) length];
                return true;
            }
        }
        return false;
    }

    private long decodePrefix() throws NegotiationException {
        try {
            return Varint.decode(prefix, 0, prefixLength).value();
        } catch (MultiformatException e) {
            throw new NegotiationException(NegotiationException.Reason.PROTOCOL_ERROR, "length prefix: " + e.getMessage(), e);
        }
    }
}
