package io.hypha.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultibaseTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] YES_MANI = "yes mani !".getBytes(UTF_8);

    @Test
    void encodesTheSpecExample() {
        // SPEC-NOTES 2.1, multibase tests/basic.csv
        assertEquals("z7paNL19xttacUY", Multibase.BASE58_BTC.encode(YES_MANI));
        assertEquals("bpfsxgidnmfxgsibb", Multibase.BASE32.encode(YES_MANI));
        assertEquals("k2lcpzo5yikidynfl", Multibase.BASE36.encode(YES_MANI));
        assertEquals("meWVzIG1hbmkgIQ", Multibase.BASE64.encode(YES_MANI));
        assertEquals("MeWVzIG1hbmkgIQ==", Multibase.BASE64_PAD.encode(YES_MANI));
        assertEquals("f796573206d616e692021", Multibase.BASE16.encode(YES_MANI));
        assertEquals("9573277761329450583662625", Multibase.BASE10.encode(YES_MANI));
        assertEquals("7362625631006654133464440102", Multibase.BASE8.encode(YES_MANI));
        assertEquals("\uD83D\uDE80\uD83C\uDFC3\u270B\uD83C\uDF08\uD83D\uDE05\uD83C\uDF37\uD83E\uDD24\uD83D\uDE3B"
                + "\uD83C\uDF1F\uD83D\uDE05\uD83D\uDC4F", Multibase.BASE256_EMOJI.encode(YES_MANI));
        for (Multibase base : Multibase.values()) {
            if (base != Multibase.IDENTITY || isUtf8(YES_MANI)) {
                assertArrayEquals(YES_MANI, Multibase.decode(base.encode(YES_MANI)), base.baseName());
            }
        }
    }

    @Test
    void keepsLeadingZeroBytesInRadixBases() {
        // multibase rfcs/Base36.md examples
        assertEquals("k01", Multibase.BASE36.encode(new byte[] {0, 1}));
        assertEquals("k0073", Multibase.BASE36.encode(new byte[] {0, 0, (byte) 0xff}));
        assertEquals("k74", Multibase.BASE36.encode(new byte[] {1, 0}));
        assertEquals("K074", Multibase.BASE36_UPPER.encode(new byte[] {0, 1, 0}));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xff}, Multibase.decode("K0073"));
        assertEquals("z1117paNL19xttacUY", Multibase.BASE58_BTC.encode(concat(new byte[3], YES_MANI)));
        assertEquals("z111", Multibase.BASE58_BTC.encode(new byte[3]));
        assertArrayEquals(new byte[3], Multibase.decode("z111"));
        assertEquals("z", Multibase.BASE58_BTC.encode(new byte[0]));
        assertArrayEquals(new byte[0], Multibase.decode("z"));
        // A classic base58 example: "Hello World!"
        assertEquals("2NEpo7TZRRrLZSi2U", Multibase.BASE58_BTC.encodeRaw("Hello World!".getBytes(UTF_8)));
    }

    @Test
    void decodesEitherCaseInCaseInsensitiveBases() {
        // multibase tests/case_insensitivity.csv
        byte[] hello = "hello world".getBytes(UTF_8);
        assertArrayEquals(hello, Multibase.decode("bnbswy3dpeB3W64TMMQ"));
        assertArrayEquals(hello, Multibase.decode("Bnbswy3dpeB3W64TMMQ"));
        assertArrayEquals(hello, Multibase.decode("f68656c6c6f20776F726C64"));
        assertArrayEquals(hello, Multibase.decode("kfUvrsIvVnfRbjWaJo"));
        assertArrayEquals(hello, Multibase.decode("cnbswy3dpeB3W64TMMQ======"));
        assertThrows(MultiformatException.class, () -> Multibase.decode("zOOO"), "base58 has no O");
    }

    @Test
    void encodesProquintAndBase45AsTheirSpecsShow() {
        // multibase rfcs/Proquint.md
        assertEquals("pro-lusab-babad", Multibase.PROQUINT.encode(new byte[] {127, 0, 0, 1}));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, Multibase.decode("pro-lusab-babad"));
        assertArrayEquals(new byte[0], Multibase.decode("pro-"));
        assertArrayEquals(new byte[] {127, 0, 0}, Multibase.decode(Multibase.PROQUINT.encode(new byte[] {127, 0, 0})));
        // RFC 9285 section 4.3
        assertEquals("RBB8", Multibase.BASE45.encode("AB".getBytes(UTF_8)));
        assertEquals("%69 VD92EX0", Multibase.BASE45.encodeRaw("Hello!!".getBytes(UTF_8)));
        assertEquals("UJCLQE7W581", Multibase.BASE45.encodeRaw("base-45".getBytes(UTF_8)));
        assertArrayEquals("ietf!".getBytes(UTF_8), Multibase.BASE45.decodeRaw("QED8WEX0"));
    }

    @Test
    void encodesIdentityAsUtf8Text() {
        assertEquals("\u00001cW", Multibase.IDENTITY.encode(new byte[] {0x31, 0x63, 0x57}));
        assertArrayEquals(new byte[] {0x31, 0x63, 0x57}, Multibase.decode("\u00001cW"));
        assertThrows(MultiformatException.class, () -> Multibase.IDENTITY.encode(new byte[] {(byte) 0xff}));
        assertThrows(MultiformatException.class, () -> Multibase.decode("\u0000\uD800"));
    }

    @Test
    void looksUpBasesByPrefixAndName() {
        assertSame(Multibase.BASE58_BTC, Multibase.of("zQm"));
        assertSame(Multibase.BASE256_EMOJI, Multibase.of("\uD83D\uDE80"));
        assertSame(Multibase.BASE32_HEX_PAD_UPPER, Multibase.forName("base32hexpadupper"));
        assertSame(Multibase.BASE36, Multibase.forPrefix('k'));
        for (Multibase base : Multibase.values()) {
            assertSame(base, Multibase.forName(base.baseName()));
            assertSame(base, Multibase.forPrefix(base.prefixCodePoint()));
        }
        MultiformatException reserved = assertThrows(MultiformatException.class, () -> Multibase.of("QmFoo"));
        assertTrue(reserved.getMessage().contains("reserved"), reserved.getMessage());
        assertThrows(MultiformatException.class, () -> Multibase.of(""));
        assertThrows(MultiformatException.class, () -> Multibase.of("x123"));
        assertThrows(MultiformatException.class, () -> Multibase.forPrefix(-5));
        assertThrows(MultiformatException.class, () -> Multibase.forPrefix(0x7FFF_FFFF));
        assertThrows(MultiformatException.class, () -> Multibase.forName("base99"));
    }

    @Test
    void rejectsMalformedText() {
        String[] bad = {
            "b1", // '1' is not in the base32 alphabet
            "bp", // one base32 character is no whole byte
            "bpfsxgi", // six base32 characters leave a whole extra character
            "bpf=", // padding in an unpadded base
            "cpfsxgidnmfxgsibb=", // padded base, wrong block length
            "cpf=====", // two characters need six padding characters, not five
            "c========", // a whole block of padding
            "meWVzIG1hbmkgIR", // non-zero bits after the last byte
            "m+/=", // padding in an unpadded base
            "MeWVzIG1hbmkgIQ=", // missing padding
            "MeWVzIG1hbmkgIQ===", // extra padding
            "M=AAA", // padding first
            "f0", // odd hexadecimal length
            "fzz", // not hexadecimal
            "0101", // base2 needs whole bytes
            "02", // not binary
            "78", // not octal
            "9a", // not decimal
            "z0", // '0' is not in base58
            "Zl", // 'l' is not in base58flickr either ('L' is)
            "k-", // not base36
            "hl", // not z-base-32
            "uAA+", // '+' is not base64url
            "R1", // base45 length 1 mod 3
            "R:::", // base45 triple above 65535
            "RGGW", // 16 + 16*45 + 32*2025 = 65536
            "R::", // base45 pair above 255
            "Ra00", // lower case is not base45
            "pro", // proquint without "ro-"
            "pro-lusab-", // dangling separator
            "pro-lusab_babad", // wrong separator
            "pro-lusa", // wrong length
            "pro-aaaaa", // vowel where a consonant belongs
            "pro-lul", // half quint ending in a consonant past g
            "\uD83D\uDE80x", // not an emoji of the table
            "\uD83D\uDE80\uD83D", // unpaired surrogate
            "\uD83D\uDE80\u2604\uFE0F", // variation selector
        };
        for (String text : bad) {
            assertThrows(MultiformatException.class, () -> Multibase.decode(text), () -> "accepted " + text);
        }
    }

    @Test
    void capsRadixInputs() {
        byte[] big = new byte[Multibase.MAX_RADIX_INPUT + 1];
        big[0] = 1;
        assertThrows(MultiformatException.class, () -> Multibase.BASE58_BTC.encode(big));
        assertThrows(MultiformatException.class, () -> Multibase.decode("z" + "2".repeat(2 * Multibase.MAX_RADIX_INPUT)));
        byte[] limit = new byte[Multibase.MAX_RADIX_INPUT];
        new Random(7).nextBytes(limit);
        assertArrayEquals(limit, Multibase.decode(Multibase.BASE58_BTC.encode(limit)));
    }

    @Test
    void roundTripsRandomDataInEveryBase() {
        Random random = new Random(42);
        for (int length = 0; length < 70; length++) {
            for (int zeros = 0; zeros <= Math.min(length, 3); zeros++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                for (int i = 0; i < zeros; i++) {
                    data[i] = 0;
                }
                for (Multibase base : Multibase.values()) {
                    if (base == Multibase.IDENTITY && !isUtf8(data)) {
                        continue;
                    }
                    String text = base.encode(data);
                    assertArrayEquals(data, Multibase.decode(text), () -> base + " " + HEX.formatHex(data));
                    assertSame(base, Multibase.of(text));
                }
            }
        }
    }

    private static boolean isUtf8(byte[] data) {
        try {
            Multibase.IDENTITY.encodeRaw(data);
            return true;
        } catch (MultiformatException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
