package io.hypha.protocol.kad;

import static io.hypha.protocol.TestHosts.TIMEOUT_S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.host.Host;
import io.hypha.host.Stream;
import io.hypha.multiaddr.Multiaddr;
import io.hypha.multiformats.Varint;
import io.hypha.peer.PeerId;
import io.hypha.protocol.TestHosts;
import io.hypha.protocol.kad.store.MemoryProviderStore;
import io.hypha.protocol.kad.store.MemoryRecordStore;
import io.hypha.protocol.kad.store.ProviderRecord;
import io.hypha.protocol.kad.store.ProviderStore;
import io.hypha.protocol.kad.store.PublicKeyValidator;
import io.hypha.protocol.kad.store.RecordValidators;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Host A's {@link KadClient} against host B's {@link KadHandler}, over loopback TCP (Noise, yamux). */
class KadTest {
    private Host a;
    private Host b;
    private ExecutorService storage;
    private final KadPeer someServer = KadTestPeers.peer(2);
    private final CompletableFuture<ProviderRecord> stored = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        a = TestHosts.start("test/a");
        b = TestHosts.start("test/b");
        storage = Executors.newVirtualThreadPerTaskExecutor();
        a.connect(TestHosts.address(b)).get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        TestHosts.stop(a, b);
        storage.close();
    }

    private void serveKad() {
        ProviderStore providers = new SignallingProviderStore(new MemoryProviderStore(), stored);
        KadServer server = new KadServer(b.peerId(), (target, count, exclude) -> List.of(someServer), providers,
                new MemoryRecordStore(), RecordValidators.defaults(), b.clock(), storage);
        b.setStreamHandler(KadProtocol.ID, new KadHandler(server));
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private static KadException kadFailure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(TIMEOUT_S, TimeUnit.SECONDS));
        return assertInstanceOf(KadException.class, e.getCause());
    }

    @Test
    void findNodeProvideAndRecordsBetweenTwoHosts() throws Exception {
        serveKad();
        KadClient client = new KadClient(a, KadProtocol.RPC_TIMEOUT);
        PeerId target = KadTestPeers.randomPeer();

        KadMessage found = get(client.request(b.peerId(), KadMessage.request(MessageType.FIND_NODE, target.bytes())));
        assertEquals(List.of(someServer), found.closerPeers());

        byte[] key = KadServerTest.multihash(42);
        List<Multiaddr> ours = a.listenAddresses();
        get(client.send(b.peerId(), new KadMessage(MessageType.ADD_PROVIDER, key, null, List.of(),
                List.of(new KadPeer(a.peerId(), ours)))));
        assertEquals(a.peerId(), get(stored).provider());
        KadMessage providers = get(client.request(b.peerId(), KadMessage.request(MessageType.GET_PROVIDERS, key)));
        assertEquals(List.of(new KadPeer(a.peerId(), ours)), providers.providerPeers());
        assertEquals(List.of(someServer), providers.closerPeers());

        byte[] pkKey = PublicKeyValidator.keyOf(a.peerId());
        byte[] pk = a.identity().publicKey().encode();
        KadMessage put = new KadMessage(MessageType.PUT_VALUE, pkKey, new KadRecord(pkKey, pk), List.of(), List.of());
        assertEquals(put, get(client.request(b.peerId(), put)));
        KadMessage value = get(client.request(b.peerId(), KadMessage.request(MessageType.GET_VALUE, pkKey)));
        assertArrayEquals(pk, value.record().value());
        Instant received = Instant.parse(value.record().timeReceived());
        assertTrue(!received.isAfter(b.clock().instant()), received.toString());

        // a record B will not hold: the stream is reset and the request fails, the connection lives on
        byte[] example = "/example/data".getBytes();
        kadFailure(client.request(b.peerId(), new KadMessage(MessageType.PUT_VALUE, example,
                new KadRecord(example, new byte[] {1}), List.of(), List.of())));
        KadMessage again = get(client.request(b.peerId(), KadMessage.request(MessageType.FIND_NODE, target.bytes())));
        assertEquals(List.of(someServer), again.closerPeers());
        assertTrue(a.connections(b.peerId()).get(0).isOpen());
    }

    @Test
    void anOversizedRequestResetsTheStreamNotTheConnection() throws Exception {
        serveKad();
        CompletableFuture<Void> ended = get(a.newStream(b.peerId(), stream -> {
            stream.channel().pipeline().addLast(new Discard());
            stream.channel().writeAndFlush(Unpooled.wrappedBuffer(Varint.encode(KadProtocol.MAX_MESSAGE_SIZE + 1),
                    new byte[1024]));
            CompletableFuture<Void> closed = new CompletableFuture<>();
            stream.channel().closeFuture().addListener(f -> closed.complete(null));
            return closed;
        }, KadProtocol.ID));
        get(ended);
        KadClient client = new KadClient(a, KadProtocol.RPC_TIMEOUT);
        get(client.request(b.peerId(), KadMessage.request(MessageType.PING, null)));
        assertTrue(a.connections(b.peerId()).get(0).isOpen());
    }

    @Test
    void aResponseOfAnotherTypeFailsTheRequest() throws Exception {
        // a peer answering everything with a PING
        b.setStreamHandler(KadProtocol.ID, stream -> stream.channel().pipeline().addLast(new Discard() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(Unpooled.wrappedBuffer(
                        KadCodec.encodeDelimited(KadMessage.request(MessageType.PING, null))));
            }
        }));
        KadClient client = new KadClient(a, KadProtocol.RPC_TIMEOUT);
        KadException e = kadFailure(client.request(b.peerId(),
                KadMessage.request(MessageType.FIND_NODE, a.peerId().bytes())));
        assertTrue(e.getMessage().contains("answered FIND_NODE with PING"), e.getMessage());
    }

    @Test
    void anUnansweredRequestTimesOut() throws Exception {
        b.setStreamHandler(KadProtocol.ID, stream -> stream.channel().pipeline().addLast(new Discard()));
        KadClient client = new KadClient(a, Duration.ofMillis(200));
        KadException e = kadFailure(client.request(b.peerId(),
                KadMessage.request(MessageType.FIND_NODE, a.peerId().bytes())));
        assertTrue(e.getMessage().contains("within 200 ms"), e.getMessage());
    }

    @Test
    void aPeerThatEndsTheStreamFailsTheRequest() throws Exception {
        b.setStreamHandler(KadProtocol.ID, Stream::close);
        KadClient client = new KadClient(a, KadProtocol.RPC_TIMEOUT);
        kadFailure(client.request(b.peerId(), KadMessage.request(MessageType.FIND_NODE, a.peerId().bytes())));
    }

    /** Reads and drops everything. */
    private static class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Completes a future with the first record stored, so the test knows when ADD_PROVIDER has landed. */
    private record SignallingProviderStore(ProviderStore delegate, CompletableFuture<ProviderRecord> first)
            implements ProviderStore {
        @Override
        public boolean put(byte[] key, ProviderRecord record) {
            boolean ok = delegate.put(key, record);
            first.complete(record);
            return ok;
        }

        @Override
        public List<ProviderRecord> get(byte[] key, Instant now, int max) {
            return delegate.get(key, now, max);
        }

        @Override
        public int sweep(Instant now) {
            return delegate.sweep(now);
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
