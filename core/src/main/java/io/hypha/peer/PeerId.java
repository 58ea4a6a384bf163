package io.hypha.peer;

import io.hypha.crypto.MalformedKeyException;
import io.hypha.crypto.PublicKey;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multibase;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.MultiformatException;
import io.hypha.multiformats.Multihash;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A libp2p peer id: the multihash of the peer's {@linkplain PublicKey#encode() encoded public key}
 * (libp2p/specs peer-ids/peer-ids.md). Immutable; equal when the multihash bytes are equal;
 * {@link #toString()} is the base58btc form ({@code 12D3KooW…}, {@code 16Uiu2HA…}, {@code Qm…}).
 */
public final class PeerId {
    /** Public keys whose encoding is at most this long are inlined with the identity multihash (spec). */
    public static final int MAX_INLINE_KEY_BYTES = 42;
    /**
     * Longest text {@link #parse} reads. The longest valid form, a 46-byte CID in base2, is 369
     * characters; the limit keeps quadratic base decoding of hostile input cheap.
     */
    public static final int MAX_TEXT_LENGTH = 512;

    private static final int SHA2_256_BYTES = 32;

    private final Multihash multihash;
    /** The inlined key of an identity peer id; null for a hashed one. */
    private final PublicKey inlineKey;

    private PeerId(Multihash multihash, PublicKey inlineKey) {
        this.multihash = multihash;
        this.inlineKey = inlineKey;
    }

    /** The peer id of {@code key}: inline (identity) if its encoding fits, else SHA-256. */
    public static PeerId fromPublicKey(PublicKey key) {
        byte[] encoded = key.encode();
        if (encoded.length <= MAX_INLINE_KEY_BYTES) {
            return new PeerId(Multihash.of(HashAlgorithm.IDENTITY, encoded), key);
        }
        return new PeerId(Multihash.digest(HashAlgorithm.SHA2_256, encoded), null);
    }

    /**
     * The peer id with this multihash.
     *
     * @throws InvalidPeerIdException unless it is an identity multihash of a canonically encoded
     *     public key of at most {@value #MAX_INLINE_KEY_BYTES} bytes, or a full-length sha2-256
     */
    public static PeerId fromMultihash(Multihash multihash) {
        Objects.requireNonNull(multihash, "multihash");
        if (multihash.code() == HashAlgorithm.IDENTITY.code()) {
            byte[] encoded = multihash.digest();
            if (encoded.length > MAX_INLINE_KEY_BYTES) {
                throw new InvalidPeerIdException("peer id: identity multihash of " + encoded.length
                        + " bytes; keys longer than " + MAX_INLINE_KEY_BYTES + " bytes must be hashed");
            }
            PublicKey key;
            try {
                key = PublicKey.decode(encoded);
            } catch (MalformedKeyException e) {
                throw new InvalidPeerIdException("peer id: identity multihash does not hold a public key: "
                        + e.getMessage(), e);
            }
            if (!Arrays.equals(key.encode(), encoded)) {
                throw new InvalidPeerIdException("peer id: inline public key is not canonically encoded");
            }
            return new PeerId(multihash, key);
        }
        if (multihash.code() == HashAlgorithm.SHA2_256.code()) {
            if (multihash.digestLength() != SHA2_256_BYTES) {
                throw new InvalidPeerIdException("peer id: sha2-256 digest of " + multihash.digestLength()
                        + " bytes, expected " + SHA2_256_BYTES);
            }
            return new PeerId(multihash, null);
        }
        throw new InvalidPeerIdException("peer id: multihash function 0x" + Long.toHexString(multihash.code())
                + " is neither identity nor sha2-256");
    }

    /**
     * The peer id whose binary form (a multihash) is {@code multihashBytes}.
     *
     * @throws InvalidPeerIdException if the bytes are not a multihash a peer id may have
     */
    public static PeerId fromBytes(byte[] multihashBytes) {
        Multihash multihash;
        try {
            multihash = Multihash.decode(multihashBytes);
        } catch (MultiformatException e) {
            throw new InvalidPeerIdException("peer id: not a multihash: " + e.getMessage(), e);
        }
        return fromMultihash(multihash);
    }

    /**
     * Parses a peer id: the legacy base58btc multihash (text starting with {@code 1} or {@code Qm}) or
     * a CIDv1 with codec {@code libp2p-key} in any multibase (peer-ids.md, "Decoding").
     *
     * @throws InvalidPeerIdException if the text is neither
     */
    public static PeerId parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidPeerIdException("peer id: text of " + text.length() + " characters exceeds the limit of "
                    + MAX_TEXT_LENGTH);
        }
        if (text.startsWith("1") || text.startsWith("Qm")) {
            byte[] bytes;
            try {
                bytes = Multibase.BASE58_BTC.decodeRaw(text);
            } catch (MultiformatException e) {
                throw new InvalidPeerIdException("peer id: \"" + text + "\" is not base58btc: " + e.getMessage(), e);
            }
            return fromBytes(bytes);
        }
        return fromCid(text);
    }

    private static PeerId fromCid(String text) {
        Cid cid;
        try {
            cid = Cid.decode(text);
        } catch (MultiformatException e) {
            throw new InvalidPeerIdException("peer id: \"" + text + "\" is neither base58btc nor a CID: "
                    + e.getMessage(), e);
        }
        if (cid.version() != 1 || cid.codec() != Multicodec.LIBP2P_KEY.code()) {
            throw new InvalidPeerIdException("peer id: CID " + text + " has codec 0x" + Long.toHexString(cid.codec())
                    + "; a peer id CID is version 1 with codec libp2p-key (0x72)");
        }
        return fromMultihash(cid.multihash());
    }

    /** The multihash. */
    public Multihash multihash() {
        return multihash;
    }

    /** The binary form: the multihash bytes. Returns a copy. */
    public byte[] bytes() {
        return multihash.bytes();
    }

    /** The legacy text form: base58btc of the multihash, no multibase prefix. */
    public String toBase58() {
        return multihash.toBase58();
    }

    /** The CIDv1 text form ({@code libp2p-key}) in base32: {@code bafz…}. */
    public String toCidString() {
        return toCidString(Multibase.BASE32);
    }

    /** The CIDv1 text form ({@code libp2p-key}) in {@code base}, for example base36 ({@code k51…}) for IPNS. */
    public String toCidString(Multibase base) {
        return Cid.v1(Multicodec.LIBP2P_KEY, multihash).toString(base);
    }

    /** The public key inlined in an identity peer id; empty for a hashed (RSA, ECDSA) one. */
    public Optional<PublicKey> extractPublicKey() {
        return Optional.ofNullable(inlineKey);
    }

    /** Whether this is the peer id of {@code key}. */
    public boolean matches(PublicKey key) {
        return fromPublicKey(key).equals(this);
    }

    /** The peer's Kademlia key: SHA-256 of the multihash bytes (libp2p/specs kad-dht). */
    public byte[] kadId() {
        return HashAlgorithm.SHA2_256.digest(multihash.bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId other && multihash.equals(other.multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode();
    }

    /** The base58btc form, as {@link #toBase58()}. */
    @Override
    public String toString() {
        return toBase58();
    }
}
