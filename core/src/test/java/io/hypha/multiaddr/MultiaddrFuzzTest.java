package io.hypha.multiaddr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiformats.Varint;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutation of valid multiaddrs, binary and text. Every mutant must either be rejected
 * with {@link MultiaddrException} or be a valid multiaddr whose binary and text forms read back to
 * itself. Fixed seeds keep failures reproducible; the iteration count is part of the message.
 */
class MultiaddrFuzzTest {
    private static final int ITERATIONS = 30_000;
    private static final long BINARY_SEED = 0x6d756c7469616464L;
    private static final long TEXT_SEED = 0x6d61746578747331L;
    private static final int MAX_MUTATIONS = 4;
    private static final HexFormat HEX = HexFormat.of();
    /** Characters the text mutator inserts: separators, digits, base32/58/64 letters, non-ASCII, a lone surrogate. */
    private static final String TEXT_ALPHABET = "/:%.0123456789abcdefABCDEFxyz-~+=_ é\u00ff\ud800";
    private static final List<String> NAMES = Arrays.stream(Protocol.values()).map(Protocol::protocolName).toList();

    private static final List<String> SEEDS = List.of(
            "/ip4/192.0.2.42/tcp/443",
            "/ip4/127.0.0.1/udp/4001/quic-v1",
            "/ip4/127.0.0.1/udp/1234/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE8g",
            "/ip6/::1/udp/1/webrtc-direct/certhash/uEgEA",
            "/ip6/2001:db8::1/tcp/4001/tls/sni/example.com/ws",
            "/ip6zone/eth0/ip6/fe80::1/udp/1/webrtc-direct",
            "/ip6/::ffff:1.2.3.4/tcp/1/http/http-path/a%2Fb%20c",
            "/dns4/example.com/tcp/443/wss",
            "/dnsaddr/bootstrap.libp2p.io",
            "/ip4/104.131.131.82/tcp/4001/p2p/QmaCpDMGvV2BGHeYERUEnRQAwe3N8SzbUtfsmvsqQLuvuJ",
            "/ip4/1.2.3.4/tcp/1/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq/p2p-circuit",
            "/ipfs/bafzaajaiaejcahwr5d5ofrfbis4l5d6uwr57hu5tjodrypfm6yaq6dsc2r2pzyt6/http-path/x",
            "/dns/bücher.example/udp/53/quic",
            "/ip4/10.0.0.0/ipcidr/8",
            "/onion/aaimaq4ygg2iegci:80",
            "/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234",
            "/garlic32/566niximlxdzpanmn4qouucvua3k7neniwss47li5r6ugoertzuq/tcp/8080",
            "/ip4/1.2.3.4/tcp/80/unix/tmp/p2p.sock",
            "/memory/1234/p2p-circuit/plaintextv2",
            "/sctp/9/dccp/8/udt/utp/noise/webtransport/p2p-webrtc-star/p2p-stardust/p2p-websocket-star");

    @Test
    void mutatedBinaryIsRejectedOrRoundTrips() {
        SplittableRandom random = new SplittableRandom(BINARY_SEED);
        List<byte[]> seeds = SEEDS.stream().map(s -> Multiaddr.parse(s).bytes()).toList();
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(random, seeds.get(random.nextInt(seeds.size())), seeds);
            Multiaddr m;
            try {
                m = Multiaddr.decode(input);
            } catch (MultiaddrException expected) {
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": decode(" + HEX.formatHex(input) + ") threw " + e, e);
            }
            accepted++;
            try {
                assertArrayEquals(input, m.bytes());
                String text = m.toString();
                Multiaddr reparsed = Multiaddr.parse(text);
                assertEquals(m, reparsed);
                assertEquals(text, reparsed.toString());
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("iteration " + i + ": " + HEX.formatHex(input) + " does not round-trip", e);
            }
        }
        // the mutator must not be so destructive that nothing valid is ever produced
        assertTrue(accepted > ITERATIONS / 20, "only " + accepted + " mutants were valid");
    }

    @Test
    void mutatedTextIsRejectedOrRoundTrips() {
        SplittableRandom random = new SplittableRandom(TEXT_SEED);
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String input = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
            Multiaddr m;
            try {
                m = Multiaddr.parse(input);
            } catch (MultiaddrException expected) {
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("iteration " + i + ": parse('" + input + "') threw " + e, e);
            }
            accepted++;
            try {
                assertEquals(m, Multiaddr.decode(m.bytes()));
                String text = m.toString();
                assertEquals(m, Multiaddr.parse(text));
                assertEquals(text, Multiaddr.decode(m.bytes()).toString());
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("iteration " + i + ": '" + input + "' does not round-trip", e);
            }
        }
        assertTrue(accepted > ITERATIONS / 20, "only " + accepted + " mutants were valid");
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed, List<byte[]> seeds) {
        byte[] b = seed.clone();
        int mutations = 1 + random.nextInt(MAX_MUTATIONS);
        for (int m = 0; m < mutations; m++) {
            int at = b.length == 0 ? 0 : random.nextInt(b.length);
            switch (random.nextInt(8)) {
                case 0 -> { // flip one bit
                    if (b.length > 0) {
                        b[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> { // random byte
                    if (b.length > 0) {
                        b[at] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> b = splice(b, at, at, new byte[] {(byte) random.nextInt(256)}); // insert
                case 3 -> b = splice(b, at, Math.min(b.length, at + 1 + random.nextInt(4)), new byte[0]); // delete
                case 4 -> b = Arrays.copyOf(b, at); // truncate
                case 5 -> { // append or prepend a piece of another seed
                    byte[] other = seeds.get(random.nextInt(seeds.size()));
                    int from = random.nextInt(other.length);
                    int to = from + random.nextInt(other.length - from + 1);
                    byte[] piece = Arrays.copyOfRange(other, from, to);
                    b = random.nextBoolean() ? splice(b, b.length, b.length, piece) : splice(b, 0, 0, piece);
                }
                case 6 -> { // a varint that looks like a length or a code
                    long v = random.nextBoolean() ? random.nextInt(130) : random.nextLong(Long.MAX_VALUE);
                    b = splice(b, at, at, Varint.encode(v));
                }
                default -> { // boundary byte values
                    if (b.length > 0) {
                        b[at] = (byte) new int[] {0x00, 0x7f, 0x80, 0xff, '/', 0x01}[random.nextInt(6)];
                    }
                }
            }
        }
        return b;
    }

    private static String mutate(SplittableRandom random, String seed) {
        StringBuilder s = new StringBuilder(seed);
        int mutations = 1 + random.nextInt(MAX_MUTATIONS);
        for (int m = 0; m < mutations; m++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            char c = TEXT_ALPHABET.charAt(random.nextInt(TEXT_ALPHABET.length()));
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (!s.isEmpty()) {
                        s.setCharAt(at, c);
                    }
                }
                case 1 -> s.insert(at, c);
                case 2 -> s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(3)));
                case 3 -> s.setLength(at);
                case 4 -> s.insert(at, "/" + NAMES.get(random.nextInt(NAMES.size())));
                default -> { // duplicate a stretch
                    int to = Math.min(s.length(), at + random.nextInt(12));
                    s.insert(at, s.substring(at, to));
                }
            }
        }
        return s.toString();
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.write(insert, 0, insert.length);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }
}
