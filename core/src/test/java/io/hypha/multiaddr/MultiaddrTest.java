package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Text and binary forms that map to each other exactly (SPEC-NOTES 2.5, go-multiaddr tests). */
    @ParameterizedTest
    @CsvSource({
        "/ip4/192.0.2.42/tcp/443, 04c000022a0601bb",
        "/ip4/127.0.0.1/tcp/4001, 047f000001060fa1",
        "/ip6/::1/tcp/4001, 2900000000000000000000000000000001060fa1",
        "/ip4/127.0.0.1/udp/4001/quic-v1, 047f00000191020fa1cd03",
        "/dnsaddr/bootstrap.libp2p.io, 3813626f6f7473747261702e6c69627032702e696f",
        "/ip4/127.0.0.1/udp/1234, 047f000001910204d2",
        "/ip4/127.0.0.1/tcp/4321, 047f0000010610e1",
        "/ip4/127.0.0.1/udp/1234/ip4/127.0.0.1/tcp/4321, 047f000001910204d2047f0000010610e1",
        "/ip6zone/eth0/ip6/::1, 2a04657468302900000000000000000000000000000001",
        "/onion/aaimaq4ygg2iegci:80, bc030010c0439831b48218480050",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234, "
            + "bd03adadec040be047f9658668b11a504f3155001f231a37f54c4476c07fb4cc139ed7e30304d2",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq, "
            + "bf0320efbcd45d0c5dc79781ac6f20ea5055a036afb48d45a52e7d68ec7d4338919e69",
        "/unix/tmp/p2p.sock, 90030d2f746d702f7032702e736f636b",
        "/ip4/0.0.0.0/tcp/0/tls/sni/example.com/ws, 0400000000060000c003c1030b6578616d706c652e636f6ddd03",
        "/http-path/tmp%2Fbar, e10307746d702f626172",
        "/memory/4, 89060000000000000004",
        "/ip4/192.0.2.0/ipcidr/24, 04c00002002b18",
        "/dns/example.com/tcp/443/https, 350b6578616d706c652e636f6d0601bbbb03",
        "/p2p-circuit/webrtc, a2029902",
    })
    void textAndBytesMapExactly(String text, String hex) {
        Multiaddr fromText = Multiaddr.parse(text);
        assertEquals(hex, HEX.formatHex(fromText.bytes()));
        Multiaddr fromBytes = Multiaddr.decode(HEX.parseHex(hex));
        assertEquals(text, fromBytes.toString());
        assertEquals(fromText, fromBytes);
        assertEquals(fromText.hashCode(), fromBytes.hashCode());
    }

    @Test
    void garlic64RoundTrips() {
        String text = "/garlic64/jT~IyXaoauTni6N4517EG8mrFUKpy0IlgZh-EY9csMAk82Odatmzr~YTZy8Hv7u~wvkg75EFNOyqb~nAPg-"
                + "khyp2TS~ObUz8WlqYAM2VlEzJ7wJB91P-cUlKF18zSzVoJFmsrcQHZCirSbWoOknS6iNmsGRh5KVZsBEfp1Dg3gwTipTRIx7Vl5"
                + "Vy~1OSKQVjYiGZS9q8RL0MF~7xFiKxZDLbPxk0AK9TzGGqm~wMTI2HS0Gm4Ycy8LYPVmLvGonIBYndg2bJC7WLuF6tVjVquiok"
                + "SVDKFwq70BCUU5AU-EvdOD5KEOAM7mPfw-gJUG4tm1TtvcobrObqoRnmhXPTBTN5H7qDD12AvlwFGnfAlBXjuP4xOUAISL5SRLi"
                + "ulrsMSiT4GcugSI80mF6sdB0zWRgL1yyvoVWeTBn1TqjO27alr95DGTluuSqrNAxgpQzCKEWAyzrQkBfo2avGAmmz2NaHaAvYbO"
                + "g0QSJz1PLjv2jdPW~ofiQmrGWM1cd~1cCqAAAA";
        Multiaddr m = Multiaddr.parse(text + "/tcp/8080");
        assertEquals(text + "/tcp/8080", m.toString());
        byte[] bytes = m.bytes();
        // go-multiaddr TestStringToBytes: code be03, length 0x0183 (387), value starts 8d3fc8c9
        assertEquals("be0383038d3fc8c9", HEX.formatHex(bytes, 0, 8));
        assertEquals(m, Multiaddr.decode(bytes));
    }

    /** Text that parses but prints differently: the printed form is the canonical one. */
    @ParameterizedTest
    @CsvSource({
        "/ip4/127.0.0.1/tcp/1234/, /ip4/127.0.0.1/tcp/1234",
        "/ip4/127.0.0.1/tcp/1234///, /ip4/127.0.0.1/tcp/1234",
        "/ip4/127.0.0.1/tcp/01234, /ip4/127.0.0.1/tcp/1234",
        "/ip6/2001:DB8:0:0:0:0:0:1, /ip6/2001:db8::1",
        "/ip6/::ffff:127.0.0.1/tcp/111, /ip6/::ffff:127.0.0.1/tcp/111",
        "/ip6/0:0:0:0:0:ffff:7f00:1, /ip6/::ffff:127.0.0.1",
        "/onion/AAIMAQ4YGG2IEGCI:80, /onion/aaimaq4ygg2iegci:80",
        "/unix/a/b/c/, /unix/a/b/c",
        "/unix/a//b, /unix/a//b",
        "/http-path/a+b%20c, /http-path/a%2Bb%20c",
        "/http-path/caf%c3%a9, /http-path/caf%C3%A9",
        "/http-path/café, /http-path/caf%C3%A9",
    })
    void printsCanonicalText(String input, String canonical) {
        Multiaddr m = Multiaddr.parse(input);
        assertEquals(canonical, m.toString());
        assertEquals(m, Multiaddr.parse(canonical));
    }

    /** go-multiaddr TestConstructSucceeds (the p2p ones live in PeerIdComponentTest). */
    @ParameterizedTest
    @ValueSource(strings = {
        "/ip4/1.2.3.4", "/ip4/0.0.0.0", "/ip4/192.0.2.0/ipcidr/24", "/ip6/::1",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21", "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic",
        "/ip6/2601:9:4f81:9700:803e:ca65:66e8:c21/udp/1234/quic-v1", "/ip6/2001:db8::/ipcidr/32",
        "/ip6zone/x/ip6/fe80::1", "/ip6zone/x%y/ip6/fe80::1", "/ip6zone/x%y/ip6/::",
        "/ip6zone/x/ip6/fe80::1/udp/1234/quic", "/onion/timaq4ygg2iegci7:1234", "/onion/timaq4ygg2iegci7:80/http",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80/http",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuqzwas",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq/tcp/8080",
        "/udp/0", "/tcp/0", "/sctp/0", "/udp/1234", "/tcp/1234", "/sctp/1234", "/udp/65535", "/tcp/65535",
        "/dccp/80", "/udp/1234/sctp/1234", "/udp/1234/udt", "/udp/1234/utp", "/tcp/1234/http",
        "/tcp/1234/tls/http", "/tcp/1234/https", "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport",
        "/unix/a/b/c/d/e", "/unix/stdio", "/ip4/1.2.3.4/tcp/80/unix/a/b/c/d/e/f",
        "/ip4/127.0.0.1/tcp/9090/http/p2p-webrtc-direct", "/ip4/127.0.0.1/tcp/127/ws",
        "/ip4/127.0.0.1/tcp/127/tls/ws", "/ip4/127.0.0.1/tcp/127/noise", "/ip4/127.0.0.1/tcp/127/wss",
        "/ip4/127.0.0.1/tcp/127/webrtc-direct", "/ip4/127.0.0.1/tcp/127/webrtc", "/http-path/tmp%2Fbar",
        "/http-path/tmp%2Fbar%2Fbaz", "/http-path/foo", "/ip4/127.0.0.1/tcp/443/tls/sni/example.com/http/http-path/foo",
        "/memory/4", "/memory/18446744073709551615", "/dns4/example.com/tcp/1/p2p-websocket-star",
        "/dns6/xn--bcher-kva.example/tcp/1", "/dns/bücher.example", "/p2p-stardust", "/p2p-webrtc-star",
        "/plaintextv2", "/ip4/1.2.3.4/tcp/1/plaintextv2",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy/certhash/"
            + "zQmbWTwYGcmdyK9CYfNBcfs9nhZs17a6FQ4Y8oea278xx41",
    })
    void goValidAddressesRoundTrip(String text) {
        Multiaddr m = Multiaddr.parse(text);
        assertEquals(m, Multiaddr.decode(m.bytes()));
        assertEquals(m, Multiaddr.parse(m.toString()));
        assertEquals(m.toString(), Multiaddr.decode(m.bytes()).toString());
    }

    /** go-multiaddr TestConstructFails and more: each must throw the typed exception. */
    @ParameterizedTest
    @ValueSource(strings = {
        "", "/", "//", "ip4/1.2.3.4", " /ip4/1.2.3.4", "/ip4", "/ip4/", "/ip4/::1", "/ip4/fdpsofodsajfdoisa",
        "/ip4/256.1.1.1", "/ip4/1.2.3.4.5", "/ip4/01.2.3.4", "/ip4/::/ipcidr/256", "/ip6/::/ipcidr/1026",
        "/ip6", "/ip6/1.2.3.4", "/ip6/fe80::1%eth0", "/ip6zone", "/ip6zone/", "/ip6zone//ip6/fe80::1", "/udp",
        "/tcp", "/sctp", "/udp/65536", "/tcp/65536", "/tcp/-1", "/tcp/+1", "/tcp/ 1", "/tcp/1 ", "/tcp/0x10",
        "/tcp/99999999999999999999999", "/quic/65536", "/quic-v1/65536", "/onion/9imaq4ygg2iegci7:80",
        "/onion/aaimaq4ygg2iegci7:80", "/onion/timaq4ygg2iegci7:0", "/onion/timaq4ygg2iegci7:-1",
        "/onion/timaq4ygg2iegci7", "/onion/timaq4ygg2iegci@:666", "/onion/timaq4ygg2iegci7:80:80",
        "/onion3/9ww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:80",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd7:80",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:0",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:-1",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd",
        "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyy@:666",
        "/garlic64/jT~IyXaoauTni6N4517EG8mrFUKpy0IlgZh-EY9csMAk82Odatmzr~YTZy8Hv7u~wvkg75EFNOyqb~nAPg-k:80",
        "/garlic64/AAAA", "/garlic64/a+b=", "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzu",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzu77",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzu:80",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq:-1",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzu@",
        "/garlic32/566NIXIMLXDZPANMN4QOUUCVUA3K7NENIWSS47LI5R6UGOERTZUQ",
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzur", // trailing bits set
        // go accepts this (its base32 ignores set trailing bits); it has no canonical form, so we do not
        "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuqzwassw",
        "/udp/1234/sctp", "/udp/1234/udt/1234", "/udp/1234/utp/1234", "/ip4/127.0.0.1/udp/jfodsajfidosajfoidsa",
        "/ip4/127.0.0.1/udp", "/ip4/127.0.0.1/tcp/jfodsajfidosajfoidsa", "/ip4/127.0.0.1/tcp",
        "/ip4/127.0.0.1/quic/1234", "/ip4/127.0.0.1/quic-v1/1234", "/unix", "/unix/", "/ip4/1.2.3.4/tcp/80/unix",
        "/ip4/1.2.3.4/tcp/-1", "/ip4/127.0.0.1/tcp/9090/http/p2p-webcrt-direct", "/memory/92233720368547758081",
        "/memory/18446744073709551616", "/memory/-1", "/dns", "/dns/", "/dns4//tcp/1", "/dnsaddr", "/sni",
        "/http-path", "/http-path/", "/http-path/thisIsMissingAfullByte%f", "/http-path/%zz", "/http-path/%2",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash",
        "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/b2uaraocy6yrdblb4sfptaddgimjmmp", // 1 char short
        "/certhash/uEiDDq4", "/certhash/xyz", "/certhash/Qm", "/certhash/z", "/certhash/f1220",
        "/IP4/1.2.3.4", "/ip4/1.2.3.4//tcp/1", "/ip4/1.2.3.4/unknown", "/tls/x", "/\ud800", "/dns/\ud800x",
    })
    void rejectsInvalidText(String text) {
        assertThrows(MultiaddrException.class, () -> Multiaddr.parse(text));
    }

    /** Malformed binary: each must throw the typed exception, never an unchecked JDK one. */
    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "04", "047f", "047f0000", // ip4 truncated
        "047f000001060f", // tcp truncated
        "047f00000106", // missing tcp value
        "047f000001060fa1ff", // trailing garbage (0xff starts a truncated varint)
        "047f000001060fa100", // trailing unknown code 0
        "80", "8080808080808080808001", // truncated and over-long varint codes
        "8400", // non-minimal varint code (0x04 written in two bytes)
        "ffffffffffffffff7f", // valid varint, no such protocol
        "07", "f0ff03", // unknown codes
        "35", "3580", "35030a0b", // dns: missing length, truncated length, value runs past the end
        "3500", // dns: empty name
        "35032f2f2f", // dns: contains '/'
        "3502c328", // dns: invalid UTF-8
        "35810061", // dns: non-minimal length varint
        "2a00", // empty zone
        "9003032f612f", // unix path ends in '/'
        "9003012f", // unix path "/"
        "90030161", // unix path not starting with '/'
        "9003022f61047f000001", // component after a path component
        "e10300", // empty http-path
        "bc030010c0439831b48218480000", // onion port 0
        "bd03adadec040be047f9658668b11a504f3155001f231a37f54c4476c07fb4cc139ed7e30000", // onion3 port 0
        "bf031f00000000000000000000000000000000000000000000000000000000000000", // garlic32 of 31 bytes
        "be030100", // garlic64 too short
        "890600000000000000", // memory truncated
        "c0030a", // tls followed by an unknown code
        "d20303122001", // certhash: multihash length says 32, one byte follows
        "d2030100", // certhash: truncated multihash
        "d203041201ff00", // certhash: trailing byte inside the value, after the multihash
    })
    void rejectsInvalidBytes(String hex) {
        assertThrows(MultiaddrException.class, () -> Multiaddr.decode(HEX.parseHex(hex)));
    }

    @Test
    void certHashPrintsAsBase64Url() {
        // go-multiaddr TestRoundTrip
        String go = "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/"
                + "uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g";
        Multiaddr m = Multiaddr.parse(go);
        assertEquals(go, m.toString());
        Component certhash = m.components().get(4);
        assertEquals("1220", HEX.formatHex(certhash.value(), 0, 2)); // sha2-256, 32 bytes
        // any multibase is accepted in text; base64url is printed
        Multiaddr base32 = Multiaddr.parse("/certhash/b2uaraocy6yrdblb4sfptaddgimjmmpy");
        assertEquals("/certhash/u" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(base32.components().get(0).value()), base32.toString());
        Multiaddr hex = Multiaddr.parse("/certhash/f" + HEX.formatHex(certhash.value()));
        assertEquals(certhash, hex.components().get(0));
    }

    @Test
    void goDnsFuzzFindingRoundTrips() {
        // go-multiaddr TestDNS: dns6 with a 42-byte name of '0's
        Multiaddr m = Multiaddr.decode("7*000000000000000000000000000000000000000000".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(m, Multiaddr.parse(m.toString()));
        assertEquals(Protocol.DNS6, m.components().get(0).protocol());
    }

    @Test
    void rejectsInputsOverTheLimits() {
        byte[] huge = new byte[Multiaddr.MAX_ENCODED_LENGTH + 1];
        assertThrows(MultiaddrException.class, () -> Multiaddr.decode(huge));
        String longText = "/dns/" + "a".repeat(Multiaddr.MAX_TEXT_LENGTH);
        assertThrows(MultiaddrException.class, () -> Multiaddr.parse(longText));
        // under the text limit but over the binary one
        String longName = "/dns/" + "a".repeat(Multiaddr.MAX_ENCODED_LENGTH);
        assertThrows(MultiaddrException.class, () -> Multiaddr.parse(longName));
        // one code byte, two length bytes
        Multiaddr big = Multiaddr.parse("/dns/" + "a".repeat(Multiaddr.MAX_ENCODED_LENGTH - 3));
        assertEquals(Multiaddr.MAX_ENCODED_LENGTH, big.bytes().length);
        assertThrows(MultiaddrException.class, () -> big.encapsulate(Multiaddr.parse("/tls")));
    }

    @Test
    void longestTextOfAValidEncodingStillParses() {
        int count = Multiaddr.MAX_ENCODED_LENGTH / 2;
        byte[] bytes = new byte[count * 2];
        for (int i = 0; i < count; i++) {
            bytes[2 * i] = (byte) 0xdf; // p2p-websocket-star: 2 bytes, 19 chars
            bytes[2 * i + 1] = 0x03;
        }
        Multiaddr m = Multiaddr.decode(bytes);
        assertTrue(m.toString().length() <= Multiaddr.MAX_TEXT_LENGTH);
        assertEquals(m, Multiaddr.parse(m.toString()));
    }

    @Test
    void errorMessagesNameTheProblem() {
        assertEquals("unknown protocol 'foo' in multiaddr '/ip4/1.2.3.4/foo'",
                assertThrows(MultiaddrException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/foo")).getMessage());
        assertTrue(assertThrows(MultiaddrException.class, () -> Multiaddr.parse("/tcp/65536")).getMessage()
                .contains("/tcp"));
        assertTrue(assertThrows(MultiaddrException.class, () -> Multiaddr.decode(HEX.parseHex("07")))
                .getMessage().contains("unknown protocol code 0x7"));
    }

    @Test
    void componentsExposeProtocolAndValue() {
        Multiaddr m = Multiaddr.parse("/ip4/192.0.2.42/tcp/443/tls/sni/example.com");
        List<Component> cs = m.components();
        assertEquals(List.of(Protocol.IP4, Protocol.TCP, Protocol.TLS, Protocol.SNI), m.protocols());
        assertArrayEquals(HEX.parseHex("c000022a"), cs.get(0).value());
        assertEquals("443", cs.get(1).valueString());
        assertEquals("", cs.get(2).valueString());
        assertEquals("/sni/example.com", cs.get(3).toString());
        assertArrayEquals(HEX.parseHex("0601bb"), cs.get(1).bytes());
        assertThrows(UnsupportedOperationException.class, () -> cs.add(Component.of(Protocol.WS)));
    }

    @Test
    void componentsAreCopySafe() {
        byte[] value = {127, 0, 0, 1};
        Component c = new Component(Protocol.IP4, value);
        value[0] = 10;
        assertEquals("127.0.0.1", c.valueString());
        c.value()[0] = 10;
        assertEquals("127.0.0.1", c.valueString());
        assertEquals(new Component(Protocol.IP4, new byte[] {127, 0, 0, 1}), c);
        assertEquals(new Component(Protocol.IP4, new byte[] {127, 0, 0, 1}).hashCode(), c.hashCode());
        assertNotEquals(new Component(Protocol.IP4, new byte[] {127, 0, 0, 2}), c);

        Multiaddr m = Multiaddr.of(c);
        m.bytes()[1] = 10;
        assertEquals("/ip4/127.0.0.1", m.toString());
    }

    @Test
    void componentConstructionValidates() {
        assertThrows(MultiaddrException.class, () -> new Component(Protocol.IP4, new byte[3]));
        assertThrows(MultiaddrException.class, () -> new Component(Protocol.TLS, new byte[1]));
        assertThrows(MultiaddrException.class, () -> new Component(Protocol.DNS, new byte[0]));
        assertThrows(MultiaddrException.class, () -> Component.parse(Protocol.TCP, "x"));
        assertThrows(NullPointerException.class, () -> new Component(null, new byte[0]));
        assertEquals("/tcp/80", Component.parse(Protocol.TCP, "80").toString());
        assertEquals("/unix/tmp/s", Component.parse(Protocol.UNIX, "/tmp/s").toString());
        assertThrows(MultiaddrException.class,
                () -> Multiaddr.of(Component.parse(Protocol.UNIX, "/tmp/s"), Component.of(Protocol.TLS)));
    }

    @Test
    void hasAndValueOf() {
        Multiaddr m = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/ip4/5.6.7.8/tcp/2/ws");
        assertTrue(m.has(Protocol.WS));
        assertTrue(!m.has(Protocol.UDP));
        assertEquals("1.2.3.4", m.valueOf(Protocol.IP4).orElseThrow()); // the first one
        assertEquals("", m.valueOf(Protocol.WS).orElseThrow());
        assertTrue(m.valueOf(Protocol.UDP).isEmpty());
        assertEquals("/a/b/c/d", Multiaddr.parse("/ip4/0.0.0.0/unix/a/b/c/d").valueOf(Protocol.UNIX).orElseThrow());
        // http-path gives the escaped text; the raw bytes are in the component
        Multiaddr path = Multiaddr.parse("/http-path/tmp%2Fbar/p2p-circuit");
        assertEquals("tmp%2Fbar", path.valueOf(Protocol.HTTP_PATH).orElseThrow());
        assertArrayEquals("tmp/bar".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                path.components().get(0).value());
    }
}
