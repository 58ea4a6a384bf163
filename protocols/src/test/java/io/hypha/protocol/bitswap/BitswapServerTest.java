package io.hypha.protocol.bitswap;

import static io.hypha.protocol.TestHosts.TIMEOUT_S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hypha.block.Block;
import io.hypha.block.MemoryBlockstore;
import io.hypha.host.Host;
import io.hypha.host.HostEvent;
import io.hypha.host.ProtocolId;
import io.hypha.host.Stream;
import io.hypha.internal.netty.DelimitedFrameReader;
import io.hypha.multiformats.Cid;
import io.hypha.multiformats.HashAlgorithm;
import io.hypha.multiformats.Multicodec;
import io.hypha.multiformats.Varint;
import io.hypha.protocol.TestHosts;
import io.hypha.protocol.bitswap.message.BitswapCodec;
import io.hypha.protocol.bitswap.message.BitswapMessage;
import io.hypha.protocol.bitswap.message.BitswapVersion;
import io.hypha.protocol.bitswap.message.BlockPresence;
import io.hypha.protocol.bitswap.message.MalformedMessageException;
import io.hypha.protocol.bitswap.message.WantType;
import io.hypha.protocol.bitswap.message.WantlistEntry;
import io.hypha.protocol.bitswap.server.LedgerSnapshot;
import io.hypha.protocol.identify.Identify;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Hypha host serving Bitswap against a raw peer that speaks the wire format by hand: it writes messages it made on
 * a stream it opens, and decodes what the server sends on the streams the server opens.
 */
class BitswapServerTest {
    private Host server;
    private Host raw;
    private final MemoryBlockstore store = new MemoryBlockstore();
    private Bitswap bitswap;
    private Stream out;
    private BitswapVersion version;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final Random random = new Random(11);

    /** One message the server sent: the protocol of its stream, its body, and the body decoded. */
    record Frame(ProtocolId protocol, byte[] body, BitswapMessage message) {}

    /** Starts both hosts; the raw peer speaks only {@code protocol} (identify tells the server so). */
    private void start(ProtocolId protocol) throws Exception {
        server = TestHosts.start("test/server");
        raw = TestHosts.start("test/raw");
        Identify.install(server);
        Identify.install(raw);
        bitswap = Bitswap.install(server, BitswapConfig.defaults(), store, ProviderRouting.NONE);
        raw.setStreamHandler(protocol, this::record);
        CompletableFuture<Void> identified = new CompletableFuture<>();
        server.subscribe(HostEvent.PeerIdentified.class, e -> identified.complete(null));
        raw.connect(TestHosts.address(server)).get(TIMEOUT_S, TimeUnit.SECONDS);
        identified.get(TIMEOUT_S, TimeUnit.SECONDS);
        version = BitswapVersion.of(protocol);
        out = raw.newStream(server.peerId(), st -> st, protocol).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertEquals(protocol, out.protocol());
    }

    @AfterEach
    void stop() throws Exception {
        if (bitswap != null) {
            bitswap.close();
        }
        TestHosts.stop(raw, server);
    }

    /** The raw peer's handler: cuts frames, decodes them, queues them. */
    private void record(Stream stream) {
        stream.channel().pipeline().addLast(new ChannelInboundHandlerAdapter() {
            private DelimitedFrameReader reader;

            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                reader = new DelimitedFrameReader(ctx.alloc(), n -> true, BitswapProtocol.MAX_MESSAGE_BYTES, 64 * 1024);
                ctx.channel().config().setAutoRead(true);
                ctx.read();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                reader.append((ByteBuf) msg);
                for (byte[] body = reader.next(); body != null; body = reader.next()) {
                    try {
                        frames.add(new Frame(stream.protocol(), body, BitswapCodec.decode(ByteBuffer.wrap(body))));
                    } catch (MalformedMessageException e) {
                        throw new AssertionError("the server sent a malformed message", e);
                    }
                }
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                reader.release();
            }
        });
    }

    private void send(WantlistEntry... entries) {
        byte[] body = BitswapCodec.encode(BitswapMessage.wants(List.of(entries)), version);
        byte[] prefix = Varint.encode(body.length);
        out.channel().writeAndFlush(Unpooled.wrappedBuffer(prefix, body)).syncUninterruptibly();
    }

    /** The next message the server sends, failing after the test timeout. */
    private Frame next() throws InterruptedException {
        Frame f = frames.poll(TIMEOUT_S, TimeUnit.SECONDS);
        assertNotNull(f, "the server sent nothing");
        return f;
    }

    /** Messages up to and including the first that matches; the ones before it are returned too. */
    private List<Frame> until(Predicate<BitswapMessage> done) throws InterruptedException {
        List<Frame> got = new ArrayList<>();
        do {
            got.add(next());
        } while (!done.test(got.getLast().message()));
        return got;
    }

    private static Predicate<BitswapMessage> presence(BlockPresence p) {
        return m -> m.presences().contains(p);
    }

    private static boolean mentions(List<Frame> frames, Cid cid) {
        return frames.stream().anyMatch(f -> f.message().blocks().stream().anyMatch(b -> b.cid().equals(cid))
                || f.message().presences().stream().anyMatch(p -> p.cid().equals(cid)));
    }

    /** The types of the server's wantlist entries for {@code cid} from the raw peer. */
    private List<WantType> typesWanted(Cid cid) {
        return bitswap.wantlist(raw.peerId()).stream().filter(e -> e.cid().equals(cid)).map(WantlistEntry::type).toList();
    }

    private Block block(int size) {
        byte[] data = new byte[size];
        random.nextBytes(data);
        return Block.raw(data);
    }

    private Block stored(Block b) throws Exception {
        store.put(b).get(TIMEOUT_S, TimeUnit.SECONDS);
        return b;
    }

    /** The top-level protobuf field numbers of a message body (every field of Message is length-delimited). */
    private static Set<Integer> fields(byte[] body) {
        Set<Integer> fields = new TreeSet<>();
        ByteBuffer in = ByteBuffer.wrap(body);
        while (in.hasRemaining()) {
            long tag = Varint.read(in);
            fields.add((int) (tag >>> 3));
            switch ((int) (tag & 7)) {
                case 0 -> Varint.read(in);
                case 2 -> {
                    int length = (int) Varint.read(in);
                    in.position(in.position() + length);
                }
                default -> throw new AssertionError("wire type " + (tag & 7));
            }
        }
        return fields;
    }

    // ---- 1.2.0

    @Test
    void aWantBlockForAMissingBlockIsAnsweredWhenTheBlockArrives() throws Exception {
        start(BitswapProtocol.V120);
        Block later = block(5000);
        Cid absent = block(10).cid();
        send(WantlistEntry.wantBlock(later.cid(), 10, false), WantlistEntry.wantHave(absent, 5, true));
        List<Frame> before = until(presence(BlockPresence.dontHave(absent)));
        assertFalse(mentions(before, later.cid()), "no DONT_HAVE was asked for: nothing is said of it");
        assertEquals(List.of(WantType.BLOCK), typesWanted(later.cid()));

        bitswap.blocksAdded(List.of(stored(later)));
        Frame f = next();
        assertEquals(List.of(later), f.message().blocks());
        assertEquals(BitswapProtocol.V120, f.protocol());

        // a round trip, so that the ledger has seen the first envelope done
        Cid absent2 = block(11).cid();
        send(WantlistEntry.wantHave(absent2, 1, true));
        until(presence(BlockPresence.dontHave(absent2)));
        LedgerSnapshot ledger = bitswap.ledger(raw.peerId());
        assertEquals(raw.peerId(), ledger.peer());
        assertEquals(1, ledger.blocksSent());
        assertEquals(later.size(), ledger.bytesSent());
        assertEquals(0, ledger.blocksReceived());
        assertEquals(List.of(), typesWanted(later.cid()), "a want-block met is gone from the peer's wantlist");
    }

    @Test
    void aWantHaveGetsHaveForABigBlockAndTheBlockItselfForASmallOne() throws Exception {
        start(BitswapProtocol.V120);
        Block big = stored(block(BitswapProtocol.WANT_HAVE_REPLACE_SIZE + 1));
        Block small = stored(block(BitswapProtocol.WANT_HAVE_REPLACE_SIZE));
        send(WantlistEntry.wantHave(big.cid(), 2, true), WantlistEntry.wantHave(small.cid(), 1, true));

        List<Block> blocks = new ArrayList<>();
        List<BlockPresence> presences = new ArrayList<>();
        while (!(presences.contains(BlockPresence.have(big.cid())) && blocks.contains(small))) {
            Frame f = next();
            blocks.addAll(f.message().blocks());
            presences.addAll(f.message().presences());
        }
        assertEquals(List.of(small), blocks, "the big block is announced, not sent");
        assertEquals(List.of(BlockPresence.have(big.cid())), presences);
        assertArrayEquals(small.data(), blocks.getFirst().data());
    }

    @Test
    void sendDontHaveGetsDontHave() throws Exception {
        start(BitswapProtocol.V120);
        Cid a = block(100).cid();
        Cid b = block(200).cid();
        send(WantlistEntry.wantHave(a, 2, true), WantlistEntry.wantBlock(b, 1, true));
        List<BlockPresence> presences = new ArrayList<>();
        while (presences.size() < 2) {
            Frame f = next();
            assertEquals(List.of(), f.message().blocks());
            presences.addAll(f.message().presences());
        }
        assertEquals(Set.of(BlockPresence.dontHave(a), BlockPresence.dontHave(b)), Set.copyOf(presences));
    }

    @Test
    void aCancelledWantIsNotServedWhenTheBlockArrives() throws Exception {
        start(BitswapProtocol.V120);
        Block later = block(3000);
        Cid sync1 = block(1).cid();
        send(WantlistEntry.wantBlock(later.cid(), 10, false), WantlistEntry.wantHave(sync1, 1, true));
        until(presence(BlockPresence.dontHave(sync1)));
        assertEquals(List.of(WantType.BLOCK), typesWanted(later.cid()));

        Cid sync2 = block(2).cid();
        send(WantlistEntry.cancel(later.cid()), WantlistEntry.wantHave(sync2, 1, true));
        until(presence(BlockPresence.dontHave(sync2)));
        assertEquals(List.of(), typesWanted(later.cid()));

        bitswap.blocksAdded(List.of(stored(later)));
        // what the server does next comes after what blocksAdded did: a round trip shows nothing was sent for it
        Cid sync3 = block(3).cid();
        send(WantlistEntry.wantHave(sync3, 1, true));
        List<Frame> after = until(presence(BlockPresence.dontHave(sync3)));
        assertFalse(mentions(after, later.cid()), after.toString());
        assertEquals(0, bitswap.ledger(raw.peerId()).blocksSent());
    }

    // ---- older versions

    @Test
    void aPeerSpeakingOnly110IsServedInThe110Format() throws Exception {
        start(BitswapProtocol.V110);
        Block b = stored(block(4000));
        send(WantlistEntry.wantBlock(b.cid(), 1, false));
        Frame f = next();
        assertEquals(BitswapProtocol.V110, f.protocol());
        assertEquals(List.of(b), f.message().blocks());
        assertEquals(List.of(), f.message().presences());
        assertTrue(fields(f.body()).contains(3), "1.1.0 carries blocks as payload");
        assertFalse(fields(f.body()).contains(2), "and not in the 1.0.0 blocks field");
    }

    @Test
    void aPeerSpeakingOnly100IsServedCidV0BlocksInThe100Format() throws Exception {
        start(BitswapProtocol.V100);
        Block stored = stored(Block.of(Multicodec.DAG_PB, HashAlgorithm.SHA2_256, "a dag-pb node".getBytes()));
        Cid v0 = Cid.v0(stored.cid().multihash());
        send(WantlistEntry.wantBlock(v0, 1, false));
        Frame f = next();
        assertEquals(BitswapProtocol.V100, f.protocol());
        assertEquals(1, f.message().blocks().size());
        Block got = f.message().blocks().getFirst();
        assertEquals(v0, got.cid());
        assertEquals(0, got.cid().version());
        assertArrayEquals(stored.data(), got.data());
        assertTrue(fields(f.body()).contains(2), "1.0.0 carries blocks in the blocks field");
        assertFalse(fields(f.body()).contains(3), "and knows no payload");
    }
}
