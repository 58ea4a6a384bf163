package io.hypha.multiformats;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A content identifier (multiformats/cid README).
 *
 * <ul>
 *   <li>CIDv0: a bare sha2-256 multihash ({@code 0x12 0x20} + 32 bytes), codec implicitly dag-pb; its
 *       text is base58btc without a multibase prefix (46 characters starting {@code Qm}).
 *   <li>CIDv1: {@code uvarint(1) ‖ uvarint(codec) ‖ multihash}; its text is multibase, base32 by default.
 * </ul>
 *
 * <p>Versions 2 and 3 are reserved and rejected, as is any other version. Equality is that of the binary
 * form (a v0 and the v1 with the same hash are different CIDs); ordering is unsigned byte order of it.
 *
 * @param version 0 or 1
 * @param codec the content multicodec code (dag-pb 0x70 for v0)
 * @param multihash the content's multihash
 */
public record Cid(int version, long codec, Multihash multihash) implements Comparable<Cid> {
    /** The longest binary CID accepted: version byte, nine-byte codec varint, longest multihash. */
    public static final int MAX_ENCODED_LENGTH = 1 + Varint.MAX_BYTES + Multihash.MAX_ENCODED_LENGTH;
    /** The longest CID text accepted: the longest binary CID in base2 (eight characters a byte), prefixed. */
    public static final int MAX_TEXT_LENGTH = 1 + 8 * MAX_ENCODED_LENGTH;
    /** The length of CIDv0 text: 34 bytes in base58btc. */
    public static final int V0_TEXT_LENGTH = 46;

    private static final String V0_TEXT_START = "Qm";
    private static final int V0_LENGTH = 34;
    private static final byte SHA2_256 = 0x12;
    private static final byte SHA2_256_LENGTH = 0x20;
    private static final long DAG_PB = 0x70;

    /** Validates the fields; throws {@link MultiformatException} for a combination no CID has. */
    public Cid {
        Objects.requireNonNull(multihash, "multihash");
        switch (version) {
            case 0 -> {
                if (codec != DAG_PB || multihash.code() != SHA2_256 || multihash.digestLength() != SHA2_256_LENGTH) {
                    throw new MultiformatException("cid: CIDv0 holds only a dag-pb sha2-256 32-byte multihash, not codec 0x"
                            + Long.toHexString(codec) + " with hash 0x" + Long.toHexString(multihash.code())
                            + " of " + multihash.digestLength() + " bytes");
                }
            }
            case 1 -> {
                if (codec < 0) {
                    throw new MultiformatException("cid: negative codec " + codec);
                }
            }
            case 2, 3 -> throw new MultiformatException("cid: version " + version + " is reserved");
            default -> throw new MultiformatException("cid: unsupported version " + version);
        }
    }

    /** A CIDv0 of a sha2-256 32-byte multihash. */
    public static Cid v0(Multihash multihash) {
        return new Cid(0, DAG_PB, multihash);
    }

    /** A CIDv1 with a codec from the table. */
    public static Cid v1(Multicodec codec, Multihash multihash) {
        return new Cid(1, Objects.requireNonNull(codec, "codec").code(), multihash);
    }

    /** A CIDv1 with any codec code. */
    public static Cid v1(long codec, Multihash multihash) {
        return new Cid(1, codec, multihash);
    }

    /**
     * Parses CID text by the spec's rules: 46 characters starting {@code Qm} is CIDv0 base58btc; anything
     * else is multibase, whose decoded bytes must not be a CIDv0 (first byte 0x12).
     */
    public static Cid decode(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new MultiformatException("cid: empty text");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new MultiformatException("cid: text of " + text.length() + " characters exceeds the limit of "
                    + MAX_TEXT_LENGTH);
        }
        if (text.startsWith(V0_TEXT_START)) {
            if (text.length() != V0_TEXT_LENGTH) {
                throw new MultiformatException("cid: text starting \"Qm\" is CIDv0, which is " + V0_TEXT_LENGTH
                        + " characters, not " + text.length());
            }
            byte[] bytes = Multibase.BASE58_BTC.decodeRaw(text);
            if (bytes.length != V0_LENGTH || bytes[0] != SHA2_256 || bytes[1] != SHA2_256_LENGTH) {
                throw new MultiformatException("cid: CIDv0 text does not decode to a sha2-256 multihash");
            }
            return v0(Multihash.decode(bytes));
        }
        byte[] bytes = Multibase.decode(text);
        if (bytes.length > 0 && bytes[0] == SHA2_256) {
            throw new MultiformatException("cid: CIDv0 must not be multibase-encoded");
        }
        return decode(bytes);
    }

    /**
     * Parses a binary CID that fills {@code bytes} exactly: 34 bytes starting {@code 0x12 0x20} are
     * CIDv0, anything else starts with the version varint.
     */
    public static Cid decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new MultiformatException("cid: empty input");
        }
        if (bytes.length > MAX_ENCODED_LENGTH) {
            throw new MultiformatException("cid: " + bytes.length + " bytes exceeds the limit of " + MAX_ENCODED_LENGTH);
        }
        if (bytes[0] == SHA2_256) {
            if (bytes.length != V0_LENGTH || bytes[1] != SHA2_256_LENGTH) {
                throw new MultiformatException("cid: a CID starting 0x12 is CIDv0, which is exactly 34 bytes "
                        + "0x12 0x20 + digest, not " + bytes.length);
            }
            return v0(Multihash.decode(bytes));
        }
        Varint.Decoded version = Varint.decode(bytes, 0);
        checkVersion(version.value());
        Varint.Decoded codec = Varint.decode(bytes, version.length());
        int at = version.length() + codec.length();
        return new Cid(1, codec.value(), Multihash.decode(bytes, at, bytes.length - at));
    }

    /**
     * Reads one binary CID at the buffer's position and advances past it (a CAR section, a Bitswap
     * entry). On failure the position is left where it was.
     */
    public static Cid read(ByteBuffer in) {
        int start = in.position();
        try {
            if (!in.hasRemaining()) {
                throw new MultiformatException("cid: no bytes to read");
            }
            if (in.get(start) == SHA2_256) {
                if (in.remaining() < 2 || in.get(start + 1) != SHA2_256_LENGTH) {
                    throw new MultiformatException("cid: a CID starting 0x12 is CIDv0, which continues 0x20");
                }
                return v0(Multihash.read(in));
            }
            long version = Varint.read(in);
            checkVersion(version);
            long codec = Varint.read(in);
            return new Cid(1, codec, Multihash.read(in));
        } catch (MultiformatException e) {
            in.position(start);
            throw e;
        }
    }

    private static void checkVersion(long version) {
        if (version == 1) {
            return;
        }
        if (version == 0) {
            throw new MultiformatException("cid: version 0 is written as a bare sha2-256 multihash, not a version varint");
        }
        if (version == 2 || version == 3) {
            throw new MultiformatException("cid: version " + version + " is reserved");
        }
        throw new MultiformatException("cid: unsupported version " + version);
    }

    /** The codec from the table, if it is one this node names. */
    public Optional<Multicodec> multicodec() {
        return Multicodec.forCode(codec);
    }

    /** Length of the binary form. */
    public int encodedLength() {
        return version == 0 ? multihash.encodedLength()
                : Varint.size(version) + Varint.size(codec) + multihash.encodedLength();
    }

    /** The binary form (a fresh array). */
    public byte[] bytes() {
        if (version == 0) {
            return multihash.bytes();
        }
        byte[] out = new byte[encodedLength()];
        int at = Varint.write(version, out, 0);
        at += Varint.write(codec, out, at);
        multihash.writeTo(out, at);
        return out;
    }

    /** Writes the binary form at the buffer's position, advancing it. */
    public void writeTo(ByteBuffer out) {
        if (version == 1) {
            Varint.write(version, out);
            Varint.write(codec, out);
        }
        multihash.writeTo(out);
    }

    /**
     * The prefix as go-cid and Bitswap 1.1 write it: {@code uvarint version ‖ uvarint codec ‖ uvarint
     * hash code ‖ uvarint digest length} (for v0: {@code 00 70 12 20}).
     */
    public byte[] prefix() {
        int length = multihash.digestLength();
        byte[] out = new byte[Varint.size(version) + Varint.size(codec) + Varint.size(multihash.code()) + Varint.size(length)];
        int at = Varint.write(version, out, 0);
        at += Varint.write(codec, out, at);
        at += Varint.write(multihash.code(), out, at);
        Varint.write(length, out, at);
        return out;
    }

    /** This CID as v1 (a v0 becomes dag-pb v1 with the same multihash). */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /** This CID as v0; only a dag-pb sha2-256 32-byte CID has one, anything else throws. */
    public Cid toV0() {
        return version == 0 ? this : new Cid(0, codec, multihash);
    }

    /** The text form: CIDv0 base58btc, CIDv1 base32 (lower case). */
    @Override
    public String toString() {
        return version == 0 ? multihash.toBase58() : Multibase.BASE32.encode(bytes());
    }

    /** The text form of a CIDv1 in {@code base}; a CIDv0 only has base58btc (convert with {@link #toV1()}). */
    public String toString(Multibase base) {
        Objects.requireNonNull(base, "base");
        if (version == 0) {
            if (base != Multibase.BASE58_BTC) {
                throw new MultiformatException("cid: CIDv0 text is always base58btc, not " + base.baseName()
                        + "; use toV1() for other bases");
            }
            return multihash.toBase58();
        }
        return base.encode(bytes());
    }

    @Override
    public int compareTo(Cid other) {
        return Arrays.compareUnsigned(bytes(), other.bytes());
    }
}
