package io.hypha.protocol.bitswap.message;

import io.hypha.host.ProtocolId;
import io.hypha.protocol.bitswap.BitswapProtocol;

/** What a negotiated protocol id allows on the wire (ipfs/specs bitswap-protocol.md, one section per version). */
public enum BitswapVersion {
    /** {@code /ipfs/bitswap/1.0.0} and {@code /ipfs/bitswap}: CIDv0 wants, whole blocks in {@code blocks}. */
    V1_0_0,
    /** {@code /ipfs/bitswap/1.1.0}: any CID, blocks as {@code payload} with their CID prefix. */
    V1_1_0,
    /** {@code /ipfs/bitswap/1.2.0}: adds want-have, presences and sendDontHave. */
    V1_2_0;

    public static BitswapVersion of(ProtocolId protocol) {
        if (protocol.equals(BitswapProtocol.V120)) {
            return V1_2_0;
        }
        if (protocol.equals(BitswapProtocol.V110)) {
            return V1_1_0;
        }
        if (protocol.equals(BitswapProtocol.V100) || protocol.equals(BitswapProtocol.V000)) {
            return V1_0_0;
        }
        throw new IllegalArgumentException("not a Bitswap protocol: " + protocol);
    }

    /** Whether want-have, presences and sendDontHave exist. */
    public boolean supportsHave() {
        return this == V1_2_0;
    }

    /** Whether CIDs other than v0 can be wanted and sent. */
    public boolean supportsCidV1() {
        return this != V1_0_0;
    }
}
