package io.hypha.multiformats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Coverage-guided fuzzing of CID, multihash and multibase decoding (Jazzer; corpus in
 * {@code src/test/resources/io/hypha/multiformats/CidFuzzTestInputs/decode}). Each input is given to every parser
 * as bytes ({@link Cid#decode(byte[])}, {@link Cid#read}, {@link Multihash#decode}, {@link Multihash#read}) and as
 * UTF-8 text ({@link Cid#decode(String)}, {@link Multibase#decode}), so the corpus holds real encodings of both
 * forms without a selector byte. Only {@link MultiformatException} may escape. Whatever decodes must survive a round
 * trip: binary forms re-encode to the very bytes read, text re-encodes to the same text (up to letter case in the
 * case-insensitive bases), and the streaming readers consume exactly one value or, on failure, nothing.
 */
class CidFuzzTest {
    /** Far above any valid CID or multihash: larger inputs only cost time (radix bases are quadratic). */
    private static final int MAX_INPUT = 4096;
    private static final Set<Multibase> CASE_INSENSITIVE = EnumSet.of(
            Multibase.BASE16, Multibase.BASE16_UPPER, Multibase.BASE32, Multibase.BASE32_UPPER,
            Multibase.BASE32_PAD, Multibase.BASE32_PAD_UPPER, Multibase.BASE32_HEX, Multibase.BASE32_HEX_UPPER,
            Multibase.BASE32_HEX_PAD, Multibase.BASE32_HEX_PAD_UPPER, Multibase.BASE36, Multibase.BASE36_UPPER);

    @FuzzTest
    void decode(byte[] input) {
        if (input.length > MAX_INPUT) {
            return;
        }
        cidBytes(input);
        cidStream(input);
        multihashBytes(input);
        multihashStream(input);
        String text = new String(input, UTF_8);
        cidText(text);
        multibaseText(text);
    }

    private static void cidBytes(byte[] input) {
        Cid cid;
        try {
            cid = Cid.decode(input);
        } catch (MultiformatException rejected) {
            return;
        }
        assertArrayEquals(input, cid.bytes());
        assertEquals(input.length, cid.encodedLength());
        ByteBuffer written = ByteBuffer.allocate(cid.encodedLength());
        cid.writeTo(written);
        assertArrayEquals(input, written.array());
        assertEquals(cid, Cid.decode(cid.toString()));
        assertEquals(0, cid.compareTo(Cid.decode(cid.bytes())));
        Cid v1 = cid.toV1();
        assertEquals(v1, Cid.decode(v1.bytes()));
        assertEquals(cid.multihash(), v1.multihash());
    }

    private static void cidStream(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        Cid cid;
        try {
            cid = Cid.read(in);
        } catch (MultiformatException rejected) {
            assertEquals(0, in.position(), "a failed Cid.read must leave the position where it was");
            return;
        }
        assertArrayEquals(Arrays.copyOf(input, in.position()), cid.bytes());
        assertEquals(cid, Cid.decode(cid.bytes()));
    }

    private static void multihashBytes(byte[] input) {
        Multihash mh;
        try {
            mh = Multihash.decode(input);
        } catch (MultiformatException rejected) {
            return;
        }
        assertArrayEquals(input, mh.bytes());
        assertEquals(mh, Multihash.of(mh.code(), mh.digest()));
        assertTrue(mh.digestLength() <= Multihash.MAX_DIGEST_LENGTH, "digest of " + mh.digestLength() + " bytes");
        assertEquals(mh, Multihash.decode(Multibase.BASE58_BTC.decodeRaw(mh.toBase58())));
    }

    private static void multihashStream(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        Multihash mh;
        try {
            mh = Multihash.read(in);
        } catch (MultiformatException rejected) {
            assertEquals(0, in.position(), "a failed Multihash.read must leave the position where it was");
            return;
        }
        assertArrayEquals(Arrays.copyOf(input, in.position()), mh.bytes());
    }

    private static void cidText(String text) {
        Cid cid;
        try {
            cid = Cid.decode(text);
        } catch (MultiformatException rejected) {
            return;
        }
        String canonical = cid.toString();
        assertEquals(cid, Cid.decode(canonical));
        assertEquals(canonical, Cid.decode(canonical).toString());
        assertEquals(cid, Cid.decode(cid.bytes()));
        if (cid.version() == 1) {
            Multibase base = Multibase.of(text);
            assertEquals(cid, Cid.decode(cid.toString(base)));
        }
    }

    private static void multibaseText(String text) {
        byte[] data;
        Multibase base;
        try {
            data = Multibase.decode(text);
            base = Multibase.of(text);
        } catch (MultiformatException rejected) {
            return;
        }
        String again = base.encode(data);
        if (CASE_INSENSITIVE.contains(base)) {
            assertTrue(again.equalsIgnoreCase(text), () -> base.baseName() + " re-encodes to " + again);
        } else {
            assertEquals(text, again, base.baseName() + " does not re-encode to the text it decoded");
        }
        assertArrayEquals(data, Multibase.decode(again));
    }
}
