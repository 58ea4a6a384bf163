package io.hypha.multiaddr;

import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;
import io.hypha.multiformats.Varint;
import java.util.Arrays;

/**
 * {@code /p2p} (alias {@code /ipfs}): binary is the peer id's multihash; text is either that multihash in
 * bare base58btc ({@code Qm...}, {@code 12D3KooW...}) or a CIDv1 with the {@code libp2p-key} codec in any
 * multibase ({@code bafz...}, {@code k51...}), libp2p specs {@code peer-ids/peer-ids.md}, "String
 * representation". It always prints as base58btc. As in go-multiaddr, the multihash must be sha2-256
 * with a 32-byte digest or identity (an inlined public key).
 */
enum PeerIdCodec implements ValueCodec {
    INSTANCE;

    /** Multicodec {@code libp2p-key}, the content type of a peer id written as a CID. */
    static final long LIBP2P_KEY_CODEC = 0x72;
    private static final long CID_V1 = 1;
    private static final long IDENTITY = 0x00;
    private static final long SHA2_256 = 0x12;
    private static final int SHA2_256_BYTES = 32;
    /** Longest text worth decoding: base2 of a CID header and the longest multihash, plus a prefix. */
    private static final int MAX_TEXT_LENGTH = 8 * (2 * Varint.MAX_BYTES + Multihash.MAX_ENCODED_LENGTH) + 1;

    @Override
    public byte[] parse(String text) {
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MultiaddrException("peer id text longer than " + MAX_TEXT_LENGTH + " chars");
        }
        byte[] value;
        try {
            // the spec's rule: a bare base58btc multihash starts with 'Q' (sha2-256) or '1' (identity)
            if (text.startsWith("Qm") || text.startsWith("1")) {
                value = Multibase.BASE58_BTC.decodeRaw(text);
            } else {
                value = multihashOfCid(Multibase.decode(text));
            }
        } catch (MultiformatException e) {
            if (e instanceof MultiaddrException) {
                throw e;
            }
            throw new MultiaddrException("not a peer id: " + e.getMessage(), e);
        }
        validate(value);
        return value;
    }

    private static byte[] multihashOfCid(byte[] cid) {
        Varint.Decoded version = Varint.decode(cid, 0);
        if (version.value() != CID_V1) {
            throw new MultiaddrException("not a peer id: CID version " + version.value());
        }
        Varint.Decoded codec = Varint.decode(cid, version.length());
        if (codec.value() != LIBP2P_KEY_CODEC) {
            throw new MultiaddrException("not a peer id: CID codec 0x" + Long.toHexString(codec.value())
                    + ", expected libp2p-key (0x72)");
        }
        return Arrays.copyOfRange(cid, version.length() + codec.length(), cid.length);
    }

    @Override
    public String format(byte[] value) {
        return Multibase.BASE58_BTC.encodeRaw(value);
    }

    @Override
    public void validate(byte[] value) {
        Multihash multihash;
        try {
            multihash = Multihash.decode(value);
        } catch (MultiformatException e) {
            throw new MultiaddrException("not a multihash: " + e.getMessage(), e);
        }
        if (multihash.code() == SHA2_256) {
            if (multihash.digestLength() != SHA2_256_BYTES) {
                throw new MultiaddrException("sha2-256 peer id with a " + multihash.digestLength()
                        + "-byte digest, expected " + SHA2_256_BYTES);
            }
        } else if (multihash.code() != IDENTITY) {
            throw new MultiaddrException("peer id multihash code 0x" + Long.toHexString(multihash.code())
                    + ", expected sha2-256 or identity");
        }
    }
}
