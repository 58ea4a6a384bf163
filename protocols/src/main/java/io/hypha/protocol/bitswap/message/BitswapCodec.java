package io.hypha.protocol.bitswap.message;

import java.nio.ByteBuffer;

/**
 * Maps {@link BitswapMessage} to the wire (ipfs/specs bitswap-protocol.md "Wire format"; the protobuf classes
 * generated from {@code bitswap.proto} stay inside). Frames are not length-prefixed here: the stream reader strips
 * the uvarint prefix.
 */
public final class BitswapCodec {
    private BitswapCodec() {}

    /** The message as {@code version} carries it (see the version's rules). */
    public static byte[] encode(BitswapMessage message, BitswapVersion version) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Decodes one message of any version, rebuilding and hashing each block's CID. */
    public static BitswapMessage decode(ByteBuffer frame) throws MalformedMessageException {
        throw new UnsupportedOperationException("TODO");
    }
}
