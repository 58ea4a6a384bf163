package io.hypha.protocol.bitswap.message;

import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;
import io.hypha.multiformats.Varint;
import io.hypha.protocol.bitswap.BitswapProtocol;
import java.util.Optional;

/**
 * The CID prefix a 1.1.0+ {@code payload} block carries (ipfs/specs bitswap-protocol.md, "Wire format"; go-cid
 * {@code Prefix}): {@code uvarint version ‖ uvarint codec ‖ uvarint multihash code ‖ uvarint digest length}, from
 * which the receiver rebuilds the block's CID by hashing its data. Writing one is {@link Cid#prefix()}.
 */
record CidPrefix(int version, long codec, long hashFunction, int digestLength) {
    private static final long DAG_PB = 0x70;
    private static final int SHA2_256_LENGTH = 32;

    /**
     * Parses a prefix that fills {@code bytes} exactly.
     *
     * @throws MalformedMessageException for a truncated, over-long or non-minimal varint, trailing bytes, a version
     *     other than 0 or 1, a CIDv0 prefix other than {@code 00 70 12 20}, or a digest longer than
     *     {@link Multihash#MAX_DIGEST_LENGTH} or than a fixed-length function produces
     */
    static CidPrefix parse(byte[] bytes) throws MalformedMessageException {
        if (bytes.length > BitswapProtocol.MAX_CID_BYTES) {
            throw new MalformedMessageException("bitswap: block prefix of " + bytes.length + " bytes exceeds "
                    + BitswapProtocol.MAX_CID_BYTES);
        }
        long version;
        long codec;
        long code;
        long length;
        try {
            Varint.Decoded v = Varint.decode(bytes, 0);
            int at = v.length();
            Varint.Decoded c = Varint.decode(bytes, at);
            at += c.length();
            Varint.Decoded h = Varint.decode(bytes, at);
            at += h.length();
            Varint.Decoded l = Varint.decode(bytes, at);
            at += l.length();
            if (at != bytes.length) {
                throw new MalformedMessageException("bitswap: block prefix has " + (bytes.length - at)
                        + " trailing byte(s)");
            }
            version = v.value();
            codec = c.value();
            code = h.value();
            length = l.value();
        } catch (MultiformatException e) {
            throw new MalformedMessageException("bitswap: malformed block prefix: " + e.getMessage(), e);
        }
        if (version == 0) {
            if (codec != DAG_PB || code != HashAlgorithm.SHA2_256.code() || length != SHA2_256_LENGTH) {
                throw new MalformedMessageException("bitswap: a CIDv0 block prefix is 00 70 12 20, not codec 0x"
                        + Long.toHexString(codec) + " hash 0x" + Long.toHexString(code) + " length " + length);
            }
        } else if (version != 1) {
            throw new MalformedMessageException("bitswap: block prefix of CID version " + version);
        }
        if (length > Multihash.MAX_DIGEST_LENGTH) {
            throw new MalformedMessageException("bitswap: block prefix digest length " + length + " exceeds "
                    + Multihash.MAX_DIGEST_LENGTH);
        }
        HashAlgorithm known = HashAlgorithm.lookup(code).orElse(null);
        if (known != null && known != HashAlgorithm.IDENTITY && !known.isExtendableOutput()
                && length > known.digestLength()) {
            throw new MalformedMessageException("bitswap: block prefix asks " + length + " bytes of "
                    + known.multicodecName() + ", which makes " + known.digestLength());
        }
        return new CidPrefix((int) version, codec, code, (int) length);
    }

    /**
     * The CID of {@code data} under this prefix: the data hashed with the prefix's function at its length (identity:
     * the data itself, which must then be exactly that long). Empty when this node does not support the function.
     *
     * @throws MalformedMessageException for an identity prefix whose length is not the data's
     */
    Optional<Cid> cidOf(byte[] data) throws MalformedMessageException {
        HashAlgorithm algorithm = HashAlgorithm.lookup(hashFunction).orElse(null);
        if (algorithm == null) {
            return Optional.empty();
        }
        if (algorithm == HashAlgorithm.IDENTITY && data.length != digestLength) {
            // go-multihash refuses the same: an identity digest is the data, so the lengths must agree
            throw new MalformedMessageException("bitswap: identity block prefix says " + digestLength
                    + " bytes, the data has " + data.length);
        }
        Multihash multihash = Multihash.digest(algorithm, data, digestLength);
        return Optional.of(version == 0 ? Cid.v0(multihash) : Cid.v1(codec, multihash));
    }
}
