/**
 * The Bitswap message (ipfs/specs {@code src/bitswap-protocol.md}, "Wire format"; boxo
 * {@code bitswap/message/pb/message.proto}) as records, and {@link io.hypha.protocol.bitswap.message.BitswapCodec},
 * which maps them to the protobuf of each version: 1.0.0 and {@code /ipfs/bitswap} (whole blocks in {@code blocks}),
 * 1.1.0 (blocks as {@code payload}: CID prefix and data) and 1.2.0 (want-have, presences, sendDontHave).
 *
 * <p>Deliberate deviations and choices:
 * <ul>
 *   <li>A received block's CID is always rebuilt by hashing its data with the function its prefix names (1.0.0
 *       blocks: sha2-256, dag-pb, CIDv0), so a block always matches its CID. A block whose hash function this node
 *       does not support is dropped and the rest of the message kept; boxo fails the whole message.</li>
 *   <li>Decoding accepts the fields of every version in any message, as boxo does; encoding writes only what the
 *       negotiated version has, and refuses (as a caller's error) a block over
 *       {@value io.hypha.protocol.bitswap.BitswapProtocol#MAX_BLOCK_BYTES} bytes, a message over
 *       {@value io.hypha.protocol.bitswap.BitswapProtocol#MAX_MESSAGE_BYTES} bytes and, in 1.0.0, a block that is
 *       not dag-pb sha2-256.</li>
 *   <li>Strict where guessing would be wrong: a CID over {@value io.hypha.protocol.bitswap.BitswapProtocol#MAX_CID_BYTES}
 *       bytes or that does not parse, a malformed prefix, an identity prefix whose length is not the data's, an
 *       unknown want or presence type code, or a known field on the wrong wire type fails the whole message. Unknown
 *       fields are ignored. A cancel is read as its CID alone.</li>
 * </ul>
 */
package io.hypha.protocol.bitswap.message;
