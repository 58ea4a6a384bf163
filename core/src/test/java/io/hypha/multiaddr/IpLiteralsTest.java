package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpLiteralsTest {
    private static final HexFormat HEX = HexFormat.of();

    @ParameterizedTest
    @CsvSource({
        "0.0.0.0, 00000000",
        "127.0.0.1, 7f000001",
        "192.0.2.42, c000022a",
        "255.255.255.255, ffffffff",
    })
    void parsesIp4(String text, String hex) {
        assertArrayEquals(HEX.parseHex(hex), IpLiterals.parseIp4(text));
        assertEquals(text, IpLiterals.formatIp4(HEX.parseHex(hex)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04", "1..2.3", ".1.2.3",
        "1.2.3.", "1.2.3.4 ", "a.b.c.d", "::1", "1.2.3.-4", "1.2.3.1000", "١.2.3.4", "localhost"})
    void rejectsBadIp4(String text) {
        assertThrows(MultiaddrException.class, () -> IpLiterals.parseIp4(text));
    }

    @ParameterizedTest
    @CsvSource({
        "::, ::",
        "::1, ::1",
        "1::, 1::",
        "2001:db8::1, 2001:db8::1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a single zero group is not compressed
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", // the longest run is compressed
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // the first of equal runs is compressed
        "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
        "::ffff:1.2.3.4, ::ffff:1.2.3.4",
        "::ffff:0102:0304, ::ffff:1.2.3.4",
        "::1.2.3.4, ::102:304",
        "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
        "1:2:3:4:5:6:1.2.3.4, 1:2:3:4:5:6:102:304",
        "fe80::1, fe80::1",
        "2601:9:4f81:9700:803e:ca65:66e8:c21, 2601:9:4f81:9700:803e:ca65:66e8:c21",
        "0:0:0:0:0:0:0:0, ::",
    })
    void parsesAndPrintsIp6LikeGo(String text, String canonical) throws UnknownHostException {
        byte[] parsed = IpLiterals.parseIp6(text);
        assertEquals(canonical, IpLiterals.formatIp6(parsed));
        assertArrayEquals(parsed, IpLiterals.parseIp6(canonical));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::",
        ":1::", "1::2:", "::1:", "g::1", "1.2.3.4", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "::256.1.1.1",
        "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "fe80::1%eth0", "[::1]", "::ffff:1.2.3.4:5", " ::1", "１::1"})
    void rejectsBadIp6(String text) {
        assertThrows(MultiaddrException.class, () -> IpLiterals.parseIp6(text));
    }

    @Test
    void agreesWithTheJdkOnRandomAddresses() throws UnknownHostException {
        SplittableRandom random = new SplittableRandom(20240611L);
        for (int i = 0; i < 2_000; i++) {
            byte[] address = new byte[16];
            // sparse addresses exercise zero-run compression
            for (int j = 0; j < 16; j += 2) {
                if (random.nextInt(3) == 0) {
                    address[j] = (byte) random.nextInt(256);
                    address[j + 1] = (byte) random.nextInt(256);
                }
            }
            String text = IpLiterals.formatIp6(address);
            assertArrayEquals(address, IpLiterals.parseIp6(text), text);
            // the JDK parses literals without a lookup; it must read our text as the same address
            assertArrayEquals(address, jdkParse(text), text);
        }
    }

    private static byte[] jdkParse(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName("[" + literal + "]").getAddress();
        if (b.length == 4) { // the JDK turns ::ffff:a.b.c.d into an Inet4Address
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(b, 0, mapped, 12, 4);
            return mapped;
        }
        return b;
    }
}
