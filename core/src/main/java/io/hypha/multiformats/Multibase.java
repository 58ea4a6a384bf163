package io.hypha.multiformats;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The multibase encodings (multiformats/multibase {@code multibase.csv}): a prefix character naming the
 * base, then the data in that base. Every entry of the spec table is here.
 *
 * <p>Decoding is strict and total: any malformed text (unknown prefix, a character outside the alphabet,
 * a length the base never produces, bad padding, non-canonical trailing bits) throws
 * {@link MultiformatException}. The case-insensitive bases (base16, base32, base32hex, base36) decode
 * either letter case whichever prefix case was used, as {@code tests/case_insensitivity.csv} requires;
 * they always encode in the case their prefix names. Leading zero bytes survive the radix bases
 * (base10, base36, base58) as leading zero digits.
 */
public enum Multibase {
    IDENTITY("\u0000", "identity", new IdentityCodec()),
    BASE2("0", "base2", new BitwiseCodec("base2", "01", false, false)),
    BASE8("7", "base8", new BitwiseCodec("base8", "01234567", false, false)),
    BASE10("9", "base10", new RadixCodec("base10", "0123456789", false)),
    BASE16("f", "base16", new BitwiseCodec("base16", Alphabets.HEX, false, true)),
    BASE16_UPPER("F", "base16upper", new BitwiseCodec("base16upper", Alphabets.HEX.toUpperCase(), false, true)),
    BASE32_HEX("v", "base32hex", new BitwiseCodec("base32hex", Alphabets.BASE32_HEX, false, true)),
    BASE32_HEX_UPPER("V", "base32hexupper",
            new BitwiseCodec("base32hexupper", Alphabets.BASE32_HEX.toUpperCase(), false, true)),
    BASE32_HEX_PAD("t", "base32hexpad", new BitwiseCodec("base32hexpad", Alphabets.BASE32_HEX, true, true)),
    BASE32_HEX_PAD_UPPER("T", "base32hexpadupper",
            new BitwiseCodec("base32hexpadupper", Alphabets.BASE32_HEX.toUpperCase(), true, true)),
    BASE32("b", "base32", new BitwiseCodec("base32", Alphabets.BASE32, false, true)),
    BASE32_UPPER("B", "base32upper", new BitwiseCodec("base32upper", Alphabets.BASE32.toUpperCase(), false, true)),
    BASE32_PAD("c", "base32pad", new BitwiseCodec("base32pad", Alphabets.BASE32, true, true)),
    BASE32_PAD_UPPER("C", "base32padupper",
            new BitwiseCodec("base32padupper", Alphabets.BASE32.toUpperCase(), true, true)),
    BASE32_Z("h", "base32z", new BitwiseCodec("base32z", "ybndrfg8ejkmcpqxot1uwisza345h769", false, false)),
    BASE36("k", "base36", new RadixCodec("base36", Alphabets.BASE36, true)),
    BASE36_UPPER("K", "base36upper", new RadixCodec("base36upper", Alphabets.BASE36.toUpperCase(), true)),
    BASE45("R", "base45", new Base45Codec()),
    BASE58_BTC("z", "base58btc",
            new RadixCodec("base58btc", "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz", false)),
    BASE58_FLICKR("Z", "base58flickr",
            new RadixCodec("base58flickr", "123456789abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ", false)),
    BASE64("m", "base64", new BitwiseCodec("base64", Alphabets.BASE64 + "+/", false, false)),
    BASE64_PAD("M", "base64pad", new BitwiseCodec("base64pad", Alphabets.BASE64 + "+/", true, false)),
    BASE64_URL("u", "base64url", new BitwiseCodec("base64url", Alphabets.BASE64 + "-_", false, false)),
    BASE64_URL_PAD("U", "base64urlpad", new BitwiseCodec("base64urlpad", Alphabets.BASE64 + "-_", true, false)),
    PROQUINT("p", "proquint", new ProquintCodec()),
    BASE256_EMOJI("\uD83D\uDE80", "base256emoji", new Base256EmojiCodec());

    /**
     * The most bytes a radix base (base10, base36, base58) encodes; it decodes at most the text that many
     * bytes encode to (about 22,400 base58 characters). Those conversions are quadratic; 16 KiB is far beyond any CID, key or peer id and still takes
     * milliseconds.
     */
    public static final int MAX_RADIX_INPUT = 16 * 1024;

    /** Prefixes the spec reserves without assigning a base ('1' and 'Q' are bare base58 CIDs/peer ids, '/' a path). */
    private static final String RESERVED_PREFIXES = "1Q/";
    private static final int ASCII = 128;
    private static final Multibase[] BY_ASCII_PREFIX = new Multibase[ASCII];
    private static final Map<String, Multibase> BY_NAME = new HashMap<>();

    static {
        for (Multibase base : values()) {
            if (base.prefixCodePoint < ASCII) {
                BY_ASCII_PREFIX[base.prefixCodePoint] = base;
            }
            BY_NAME.put(base.baseName, base);
        }
    }

    private final String prefix;
    private final int prefixCodePoint;
    private final String baseName;
    private final BaseCodec codec;

    Multibase(String prefix, String baseName, BaseCodec codec) {
        this.prefix = prefix;
        this.prefixCodePoint = prefix.codePointAt(0);
        this.baseName = baseName;
        this.codec = codec;
    }

    /** The prefix character, as a string (one code point; two UTF-16 units for base256emoji). */
    public String prefix() {
        return prefix;
    }

    /** The prefix as a Unicode code point. */
    public int prefixCodePoint() {
        return prefixCodePoint;
    }

    /** The spec's name, for example {@code base32} or {@code base58btc}. */
    public String baseName() {
        return baseName;
    }

    /** The data in this base, with the multibase prefix. */
    public String encode(byte[] data) {
        return prefix + codec.encode(Objects.requireNonNull(data, "data"));
    }

    /** The data in this base, without a prefix. */
    public String encodeRaw(byte[] data) {
        return codec.encode(Objects.requireNonNull(data, "data"));
    }

    /** Decodes text in this base that carries no prefix. */
    public byte[] decodeRaw(String text) {
        return codec.decode(Objects.requireNonNull(text, "text"), 0);
    }

    /** Decodes prefixed multibase text, choosing the base from its prefix. */
    public static byte[] decode(String text) {
        Multibase base = of(text);
        return base.codec.decode(text, base.prefix.length());
    }

    /** The base a prefixed multibase text is in. */
    public static Multibase of(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new MultiformatException("multibase: empty text has no prefix");
        }
        return forPrefix(text.codePointAt(0));
    }

    /** The base with this prefix code point; throws {@link MultiformatException} for any other. */
    public static Multibase forPrefix(int codePoint) {
        if (codePoint >= 0 && codePoint < ASCII && BY_ASCII_PREFIX[codePoint] != null) {
            return BY_ASCII_PREFIX[codePoint];
        }
        if (codePoint == BASE256_EMOJI.prefixCodePoint) {
            return BASE256_EMOJI;
        }
        String kind = codePoint < ASCII && codePoint >= 0 && RESERVED_PREFIXES.indexOf(codePoint) >= 0
                ? "reserved" : "unknown";
        String shown = codePoint >= 0 && codePoint <= Character.MAX_CODE_POINT
                ? BaseCodec.describe(codePoint) : Integer.toString(codePoint);
        return throwUnknown(kind, shown);
    }

    /** The base with this spec name (for example {@code base58btc}). */
    public static Multibase forName(String name) {
        Multibase base = BY_NAME.get(Objects.requireNonNull(name, "name"));
        if (base == null) {
            throw new MultiformatException("multibase: unknown base name \"" + name + "\"");
        }
        return base;
    }

    private static Multibase throwUnknown(String kind, String shown) {
        throw new MultiformatException("multibase: " + kind + " prefix " + shown);
    }

    /** Alphabets shared by several entries (an enum constant cannot read its own class's constants). */
    private static final class Alphabets {
        static final String HEX = "0123456789abcdef";
        static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
        static final String BASE32_HEX = "0123456789abcdefghijklmnopqrstuv";
        static final String BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";
        static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    }
}
