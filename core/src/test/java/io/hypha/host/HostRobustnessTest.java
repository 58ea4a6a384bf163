package io.hypha.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.multiaddr.Multiaddr;
import io.hypha.testing.EchoHandler;
import io.hypha.testing.StreamCollector;
import io.netty.buffer.Unpooled;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A listening host fed garbage over real sockets at every stage before encryption: each bad connection is
 * closed by the host, and the host goes on serving a well-behaved peer. The leak check runs after the class.
 */
class HostRobustnessTest {
    static final int READ_TIMEOUT_MS = 15_000;
    static final HexFormat HEX = HexFormat.of();
    /** {@code /multistream/1.0.0\n} and {@code /noise\n}, multistream-encoded (SPEC-NOTES 1.2). */
    static final byte[] MSS = HEX.parseHex("132f6d756c746973747265616d2f312e302e300a");
    static final byte[] NOISE = HEX.parseHex("072f6e6f6973650a");

    private static Host host;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        host = Host.builder().listen("/ip4/127.0.0.1/tcp/0").protocol(EchoHandler.ID, EchoHandler.PROTOCOL)
                .config(HostConfig.defaults("test/robust").withEventLoopThreads(1)).start().get(20, TimeUnit.SECONDS);
        String port = host.listenAddresses().get(0).toString().replaceAll(".*/tcp/", "");
        address = new InetSocketAddress("127.0.0.1", Integer.parseInt(port));
    }

    @AfterAll
    static void stop() throws Exception {
        host.closeAsync().get(20, TimeUnit.SECONDS);
    }

    /** Sends {@code bytes} and reads until the host closes the connection; returns what it answered. */
    private static byte[] sendAndWaitForClose(byte[]... parts) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(address, READ_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = s.getOutputStream();
            for (byte[] p : parts) {
                out.write(p);
            }
            out.flush();
            return readUntilClosed(s.getInputStream());
        }
    }

    /**
     * Reads until the host closes: EOF, or a reset (the host closed with our bytes still unread, so the
     * kernel answered with RST). A read timeout means the host kept the connection and fails the test.
     */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
        }
        return got.toByteArray();
    }

    @Test
    void randomBytesInsteadOfMultistream() throws Exception {
        Random r = new Random(1);
        for (int i = 0; i < 20; i++) {
            byte[] junk = new byte[1 + r.nextInt(4096)];
            r.nextBytes(junk);
            sendAndWaitForClose(junk);
        }
        assertStillServes();
    }

    @Test
    void anOversizedMultistreamLine() throws Exception {
        byte[] huge = new byte[3 + 5000];
        huge[0] = (byte) 0x88;
        huge[1] = (byte) 0x27; // varint 5000
        sendAndWaitForClose(MSS, huge);
        assertStillServes();
    }

    @Test
    void onlyUnsupportedSecurityProtocols() throws Exception {
        byte[] tls = HEX.parseHex("0b2f746c732f312e302e300a"); // /tls/1.0.0
        byte[] na = HEX.parseHex("036e610a");
        try (Socket s = new Socket()) {
            s.connect(address, READ_TIMEOUT_MS);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.getOutputStream().write(MSS);
            s.getOutputStream().write(tls);
            byte[] answer = s.getInputStream().readNBytes(MSS.length + na.length);
            assertArrayEquals(concat(MSS, na), answer, "the host sends its header and na");
            // a peer that never stops proposing is cut off (MultistreamProtocol.MAX_PROPOSALS)
            for (int i = 0; i < 64 && !s.isClosed(); i++) {
                try {
                    s.getOutputStream().write(tls);
                } catch (java.net.SocketException closed) {
                    break;
                }
            }
            readUntilClosed(s.getInputStream());
        }
        assertStillServes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void garbageNoiseMessagesAndHalfHandshakes() throws Exception {
        Random r = new Random(2);
        for (int i = 0; i < 10; i++) {
            // a valid-looking msg1 (any 32 bytes are an X25519 key), then a forged msg3
            sendAndWaitForClose(MSS, NOISE, noiseFrame(r, 32), noiseFrame(r, 200));
        }
        // a frame that claims more bytes than ever come, then close: the host must not wait forever
        try (Socket s = new Socket()) {
            s.connect(address, READ_TIMEOUT_MS);
            s.getOutputStream().write(MSS);
            s.getOutputStream().write(NOISE);
            s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});
        }
        assertStillServes();
    }

    /** A Noise handshake frame: u16 big-endian length, then {@code length} random bytes. */
    private static byte[] noiseFrame(Random r, int length) {
        byte[] frame = new byte[2 + length];
        r.nextBytes(frame);
        frame[0] = (byte) (length >>> 8);
        frame[1] = (byte) length;
        return frame;
    }

    /** A well-behaved peer still connects and echoes. */
    private static void assertStillServes() throws Exception {
        java.util.concurrent.CompletableFuture<HostEvent.PeerDisconnected> gone = new java.util.concurrent.CompletableFuture<>();
        Host.Subscription sub;
        try (Host peer = Host.builder().config(HostConfig.defaults("test/peer").withEventLoopThreads(1))
                .start().get(20, TimeUnit.SECONDS)) {
            // the host publishes the event after the closed connection has left its table
            sub = host.subscribe(HostEvent.PeerDisconnected.class, e -> {
                if (e.peer().equals(peer.peerId()) && e.remaining() == 0) {
                    gone.complete(e);
                }
            });
            Multiaddr addr = host.listenAddresses().get(0).withPeerId(host.peerId());
            peer.connect(addr).get(20, TimeUnit.SECONDS);
            StreamCollector col = new StreamCollector();
            Stream s = peer.newStream(host.peerId(), st -> {
                st.channel().pipeline().addLast(col);
                return st;
            }, EchoHandler.ID).get(20, TimeUnit.SECONDS);
            byte[] data = {1, 2, 3, 4};
            s.channel().writeAndFlush(Unpooled.wrappedBuffer(data));
            ((DuplexChannel) s.channel()).shutdownOutput();
            assertArrayEquals(data, col.received.get(20, TimeUnit.SECONDS));
        }
        try {
            gone.get(20, TimeUnit.SECONDS);
        } finally {
            sub.cancel();
        }
        assertEquals(0, host.connections().stream().filter(c -> !c.isOpen()).count(), "closed connections leave the table");
    }
}
